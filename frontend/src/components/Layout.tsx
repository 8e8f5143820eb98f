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

const NAV = [
  { to: "/", label: "Dashboard" },
  { to: "/projects", label: "Projects" },
  { to: "/activities", label: "Project Activities" },
  { to: "/financing", label: "Project Financing" },
  { to: "/credits", label: "Credits" },
  { to: "/transfers", label: "Transfers" },
  { to: "/organisations", label: "Organisations" },
  { to: "/users", label: "Users" },
];

export function Layout({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
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
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label="Toggle navigation" />
            <UnstyledButton component={Link} to="/" aria-label="Carbon Registry home">
              <Title order={1} size="h4" c="teal.9" style={{ letterSpacing: 1 }}>CARBON REGISTRY</Title>
              <Text size="xs" c="dimmed" visibleFrom="sm">National registry · verifiable ledger</Text>
            </UnstyledButton>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Button component={Link} to="/tasks" variant="light" size="sm"
              rightSection={<Badge size="sm" color={pending ? "red.9" : "dark.5"} circle aria-label={`${pending} pending`}>{pending}</Badge>}>
              My pending tasks
            </Button>
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="subtle" size="sm" aria-label={`Account menu for ${viewer.name}`}>
                  {viewer.name}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{viewer.organisation.name} · {viewer.role}</Menu.Label>
                <Menu.Item component={Link} to="/profile">Profile</Menu.Item>
                <Menu.Item
                  onClick={async () => {
                    await logout({});
                    refresh();
                    navigate("/sign-in");
                  }}
                >
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <nav>
          {NAV.map((item) => (
            <NavLink key={item.to} component={Link} to={item.to} label={item.label}
              active={active(item.to)} onClick={close} aria-current={active(item.to) ? "page" : undefined} />
          ))}
          {may.createProject(viewer) && (
            <Button component={Link} to="/projects/new" mt="md" fullWidth onClick={close}>+ Add New Project</Button>
          )}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main>
        <main><ActionResultProvider>{children}</ActionResultProvider></main>
      </AppShell.Main>
    </AppShell>
  );
}
