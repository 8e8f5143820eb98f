// The frame of every signed-in page: header, the seed's navigation, pending tasks, the person.
import { AppShell, Badge, Burger, Button, Group, Menu, NavLink, Text, Title, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";
import { LogoutMutation } from "../operations/auth";
import { TasksQuery } from "../operations/tasks";
import { useSession, useViewer } from "../session";
import { may } from "../permissions";
import { ActionResultProvider } from "./ActionResult";
import { LanguageMenu } from "./LanguageMenu";
import { useT } from "../i18n";
import { useEnumLabel } from "../i18n/enumLabel";

const NAV = [
  { to: "/", label: "nav.dashboard" },
  { to: "/projects", label: "nav.projects" },
  { to: "/activities", label: "nav.activities" },
  { to: "/financing", label: "nav.financing" },
  { to: "/credits", label: "nav.credits" },
  { to: "/transfers", label: "nav.transfers" },
  { to: "/organisations", label: "nav.organisations" },
  { to: "/users", label: "nav.users" },
] as const;

export function Layout({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const { t } = useT();
  const label = useEnumLabel();
  const viewer = useViewer();
  const { refresh } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [tasks] = useQuery({ query: TasksQuery, variables: { myTasksOnly: true, first: 1 } });
  const [, logout] = useMutation(LogoutMutation);
  const pending = tasks.data?.notifications.totalCount ?? 0;
  const active = (to: string) => (to === "/" ? location.pathname === "/" : location.pathname.startsWith(to));

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 230, breakpoint: "md", collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={t("nav.toggle")} />
            <UnstyledButton component={Link} to="/" aria-label={t("app.home")}>
              <Title order={1} size="h4" c="teal.9" style={{ letterSpacing: 1 }}>{t("app.name")}</Title>
              <Text size="xs" c="dimmed" visibleFrom="sm">{t("app.tagline")}</Text>
            </UnstyledButton>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Button component={Link} to="/tasks" variant="light" size="sm"
              rightSection={<Badge size="sm" color={pending ? "red.9" : "dark.5"} circle aria-label={t("header.pending", { count: pending })}>{pending}</Badge>}>
              {t("header.tasks")}
            </Button>
            <LanguageMenu />
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="subtle" size="sm" aria-label={t("header.account", { name: viewer.name })}>
                  {viewer.name}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{viewer.organisation.name} · {label("role", viewer.role)}</Menu.Label>
                <Menu.Item component={Link} to="/profile">{t("header.profile")}</Menu.Item>
                <Menu.Item
                  onClick={async () => {
                    await logout({});
                    refresh();
                    navigate("/sign-in");
                  }}
                >
                  {t("header.signOut")}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t("nav.main")}>
        <nav>
          {NAV.map((item) => (
            <NavLink key={item.to} component={Link} to={item.to} label={t(item.label)}
              active={active(item.to)} onClick={close} aria-current={active(item.to) ? "page" : undefined} />
          ))}
          {may.createProject(viewer) && (
            <Button component={Link} to="/projects/new" mt="md" fullWidth onClick={close}>{t("nav.addProject")}</Button>
          )}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main>
        <main><ActionResultProvider>{children}</ActionResultProvider></main>
      </AppShell.Main>
    </AppShell>
  );
}
