// Labels of enum values (statuses, roles, types, ledger entry types) in the current language.
import { useCallback } from "react";
import { useT } from "./index";
import { enums } from "./messages/enums";

export type EnumGroup =
  | "status" | "orgType" | "role" | "activityScope" | "activityType" | "documentKind"
  | "financingInstrument" | "retirementKind" | "accountKind" | "authorizationPurpose"
  | "authorizationMetric" | "firstTransfer" | "entry"
  // The country's own lists, by their English text (an unknown one is shown as the server gives it).
  | "sector" | "scope";

/** "PENDING_REVIEW" → "Pending review": the last resort for a value no catalogue has yet. */
export const humanise = (s: string) => s.charAt(0) + s.slice(1).toLowerCase().replace(/[_.]/g, " ");

/** An account's name: an organisation's own, or the registry's account named in this language. */
export function useAccountName(): (account: { name: string; kind?: string | null | undefined }) => string {
  const label = useEnumLabel();
  return useCallback(
    (account) => (account.kind && account.kind !== "HOLDING" ? label("accountKind", account.kind) : account.name),
    [label],
  );
}

/** label(group, value): e.g. label("status", "PENDING") → "En attente" in French. */
export function useEnumLabel(): (group: EnumGroup, value: string | null | undefined) => string {
  const { t } = useT(enums);
  return useCallback(
    (group, value) => {
      if (value === null || value === undefined || value === "") return "–";
      const key = `${group}.${value}`;
      const text = t(key as keyof typeof enums.en);
      if (text !== key) return text;
      return group === "sector" || group === "scope" ? value : humanise(value);
    },
    [t],
  );
}
