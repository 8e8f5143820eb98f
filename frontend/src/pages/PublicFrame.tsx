import { Anchor, Center, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { LanguageMenu } from "../components/LanguageMenu";
import { useT } from "../i18n";
import { auth } from "../i18n/messages/auth";
import { PublicRegistryLink } from "./public/PublicLink";

/** The centred card of the pages seen before signing in. */
export function PublicFrame({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  const { t } = useT(auth);
  return (
    <Center mih="100vh" p="md" bg="gray.0" component="main">
      <Stack w="100%" maw={wide ? 720 : 420} gap="md">
        <Group justify="flex-end"><LanguageMenu /></Group>
        <Stack gap={0} align="center">
          <Title order={1} size="h3" c="teal.9" style={{ letterSpacing: 1 }}>{t("app.name")}</Title>
          <Text size="sm" c="dimmed">{t("app.tagline")}</Text>
        </Stack>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <Title order={2} size="h3" mb="md">{title}</Title>
          {children}
        </Paper>
        <Group justify="center" gap="lg">
          <Anchor component={Link} to="/sign-in" size="sm">{t("link.signIn")}</Anchor>
          <Anchor component={Link} to="/register" size="sm">{t("link.register")}</Anchor>
          <Anchor component={Link} to="/forgot-password" size="sm">{t("link.forgot")}</Anchor>
          <PublicRegistryLink />
        </Group>
      </Stack>
    </Center>
  );
}
