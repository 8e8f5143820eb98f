// The seed's list bar: status filter (All / Pending / Approved ...) and a server-side search box.
import { Group, SegmentedControl, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { useT } from "../i18n";

export function StatusFilter<T extends string>({ value, options, onChange, label }: { value: T | "ALL"; options: { value: T; label: string }[]; onChange: (v: T | "ALL") => void; label: string }) {
  const { t } = useT();
  return (
    <SegmentedControl aria-label={label} value={value} onChange={(v) => onChange(v as T | "ALL")}
      data={[{ value: "ALL", label: t("list.all") }, ...options]} />
  );
}

/** A search box that reports its text after the person stops typing. */
export function SearchBox({ placeholder, onSearch }: { placeholder: string; onSearch: (text: string) => void }) {
  const [text, setText] = useState("");
  const [settled] = useDebouncedValue(text, 300);
  useEffect(() => onSearch(settled.trim()), [settled]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <TextInput aria-label={placeholder} placeholder={placeholder} value={text} onChange={(e) => setText(e.currentTarget.value)} w={{ base: "100%", sm: 280 }} type="search" />
  );
}

export function ListBar({ children }: { children: React.ReactNode }) {
  return <Group justify="space-between" mb="sm" wrap="wrap" gap="sm">{children}</Group>;
}
