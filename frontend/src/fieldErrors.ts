// The server's BAD_USER_INPUT errors name a field (extensions.field); forms show them there.
import type { CombinedError } from "urql";
import { errorCode, errorField, errorMessage } from "./client";

/** {field: message} for a BAD_USER_INPUT error naming a field; the general message otherwise. */
export function serverErrors(error: CombinedError | undefined, known: readonly string[]): { fields: Record<string, string>; general: string } {
  if (!error) return { fields: {}, general: "" };
  const field = errorField(error);
  if (errorCode(error) === "BAD_USER_INPUT" && field && known.includes(field)) {
    return { fields: { [field]: errorMessage(error) }, general: "" };
  }
  return { fields: {}, general: errorMessage(error) };
}
