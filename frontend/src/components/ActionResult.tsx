// The result of a workflow action, shown above the page: it stays even when the row whose
// button started it leaves the list (an approved organisation leaves the "Pending" filter).
import { Alert, Button, Group, Modal, Stack } from "@mantine/core";
import { createContext, useContext, useState, type ReactNode } from "react";
import { useT } from "../i18n";

type Shown = { label: string; seq: number } | null;
const ResultContext = createContext<(label: string, seq: number) => void>(() => undefined);

export function ActionResultProvider({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<Shown>(null);
  const { t } = useT();
  return (
    <ResultContext.Provider value={(label, seq) => setShown({ label, seq })}>
      {children}
      <Modal opened={shown !== null} onClose={() => setShown(null)} title={shown ? t("action.doneTitle", { label: shown.label }) : ""} centered>
        <Stack>
          <Alert color="teal" title={t("action.done")} role="status">
            {shown && shown.seq >= 0 ? <>{t("action.recordedAt")} <strong data-testid="ledger-seq">#{shown.seq}</strong>.</> : t("action.doneText")}
          </Alert>
          <Group justify="flex-end"><Button onClick={() => setShown(null)}>{t("close")}</Button></Group>
        </Stack>
      </Modal>
    </ResultContext.Provider>
  );
}

export const useShowResult = () => useContext(ResultContext);
