// The routes: public pages, and signed-in pages inside the layout (sign-in first, then back).
import { Center, Loader } from "@mantine/core";
import type { ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { Layout } from "./components/Layout";
import { useT } from "./i18n";
import { ActivitiesPage } from "./pages/Activities";
import { AddProjectPage } from "./pages/AddProject";
import { ForgotPasswordPage, SetPasswordPage, SignInPage } from "./pages/Auth";
import { BlockDetailPage } from "./pages/BlockDetail";
import { CreditsPage } from "./pages/Credits";
import { DashboardPage } from "./pages/Dashboard";
import { FinancingPage } from "./pages/Financing";
import { OrganisationDetailPage } from "./pages/OrganisationDetail";
import { OrganisationsPage } from "./pages/Organisations";
import { ProfilePage } from "./pages/Profile";
import { ProjectDetailPage } from "./pages/ProjectDetail";
import { ProjectsPage } from "./pages/Projects";
import { RegisterPage } from "./pages/Register";
import { TasksPage } from "./pages/Tasks";
import { TransfersPage } from "./pages/Transfers";
import { UsersPage } from "./pages/Users";
import { SessionProvider, signInPath, useSession } from "./session";

function SignedIn({ children }: { children: ReactNode }) {
  const { viewer, fetching } = useSession();
  const location = useLocation();
  const { t } = useT();
  if (fetching) return <Center mih="100vh"><Loader aria-label={t("loading")} /></Center>;
  if (!viewer) return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  return <Layout>{children}</Layout>;
}

const PAGES: [string, ReactNode][] = [
  ["/", <DashboardPage />],
  ["/projects", <ProjectsPage />],
  ["/projects/new", <AddProjectPage />],
  ["/projects/:id", <ProjectDetailPage />],
  ["/activities", <ActivitiesPage />],
  ["/financing", <FinancingPage />],
  ["/credits", <CreditsPage />],
  ["/credits/:serial", <BlockDetailPage />],
  ["/transfers", <TransfersPage />],
  ["/organisations", <OrganisationsPage />],
  ["/organisations/:id", <OrganisationDetailPage />],
  ["/users", <UsersPage />],
  ["/tasks", <TasksPage />],
  ["/profile", <ProfilePage />],
];

export function App() {
  return (
    <SessionProvider>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<SetPasswordPage />} />
        <Route path="/reset-password/:token" element={<SetPasswordPage />} />
        <Route path="/invitation/:token" element={<SetPasswordPage invitation />} />
        <Route path="/register" element={<RegisterPage />} />
        {PAGES.map(([path, page]) => <Route key={path} path={path} element={<SignedIn>{page}</SignedIn>} />)}
        <Route path="*" element={<SignedIn><Navigate to="/" replace /></SignedIn>} />
      </Routes>
    </SessionProvider>
  );
}
