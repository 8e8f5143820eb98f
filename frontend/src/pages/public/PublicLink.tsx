import { Anchor } from "@mantine/core";
import { Link } from "react-router";
import { useT } from "../../i18n";
import { publicMessages as messages } from "../../i18n/messages/public";

/** The link to the public registry page, shown under the sign-in and registration pages. */
export function PublicRegistryLink() {
  const { t } = useT(messages);
  return <Anchor component={Link} to="/public" size="sm">{t("public.link")}</Anchor>;
}
