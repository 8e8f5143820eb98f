// Runs a mutation for an ActionButton and returns its ledger sequence number.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useClient, type AnyVariables } from "urql";
import type { ActionResult } from "./components/ActionButton";

function ledgerSeqOf(data: unknown): number | undefined {
  if (!data || typeof data !== "object") return undefined;
  const payload = Object.values(data)[0] as { ledgerSeq?: unknown } | undefined;
  return typeof payload?.ledgerSeq === "number" ? payload.ledgerSeq : undefined;
}

export function useRun() {
  const client = useClient();
  return async function run<D, V extends AnyVariables>(doc: TypedDocumentNode<D, V>, variables: V): Promise<ActionResult> {
    const result = await client.mutation(doc, variables).toPromise();
    return { error: result.error, ledgerSeq: ledgerSeqOf(result.data) };
  };
}
