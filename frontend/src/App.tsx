// The routes: public pages, and signed-in pages inside the layout (sign-in first, then back).
import { Center, Loader } from "@mantine/core";
import { Suspense, lazy, type ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { Layout } from "./components/Layout";
import { useT } from "./i18n";
import { ActivitiesPage } from "./pages/Activities";
import { AddProjectPage } from "./pages/AddProject";
import { ForgotPasswordPage, SetPasswordPage, SignInPage } from "./pages/Auth";
import { BlockDetailPage } from "./pages/BlockDetail";
import { CreditsPage } from "./pages/Credits";
import { FinancingPage } from "./pages/Financing";
import { OrganisationDetailPage } from "./pages/OrganisationDetail";
import { OrganisationsPage } from "./pages/Organisations";
import { ProfilePage } from "./pages/Profile";
import { ProjectDetailPage } from "./pages/ProjectDetail";
import { ProjectsPage } from "./pages/Projects";
import { RegisterPage } from "./pages/Register";
import { TasksPage } from "./pages/Tasks";
import { Article6Page } from "./pages/Article6";
import { TransfersPage } from "./pages/Transfers";
import { UsersPage } from "./pages/Users";
import { SessionProvider, signInPath, useSession } from "./session";

// The dashboard and the public page carry ECharts and the map: their own chunks, loaded on visit.
const DashboardPage = lazy(() => import("./pages/Dashboard"));
const PublicPage = lazy(() => import("./pages/Public"));
const loading = <Center mih="50vh"><Loader aria-label="Loading" /></Center>;

function SignedIn({ children }: { children: ReactNode }) {
  const { viewer, fetching } = useSession();
  const location = useLocation();
  const { t } = useT();
  if (fetching) return <Center mih="100vh"><Loader aria-label={t("loading")} /></Center>;
  if (!viewer) return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  return <Layout><Suspense fallback={loading}>{children}</Suspense></Layout>;
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
  ["/article6", <Article6Page />],
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
        <Route path="/public" element={<Suspense fallback={loading}><PublicPage /></Suspense>} />
        {PAGES.map(([path, page]) => <Route key={path} path={path} element={<SignedIn>{page}</SignedIn>} />)}
        <Route path="*" element={<SignedIn><Navigate to="/" replace /></SignedIn>} />
      </Routes>
    </SessionProvider>
  );
}
