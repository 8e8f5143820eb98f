import "@mantine/core/styles.css";
import "@mantine/dates/styles.css";
import { MantineProvider, createTheme, type CSSVariablesResolver } from "@mantine/core";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { Provider } from "urql";
import { App } from "./App";
import { makeClient } from "./client";
import { I18nProvider } from "./i18n";

// WCAG AA contrast (axe-core checks it in the e2e tests): light variants (light buttons, alerts,
// the active navigation link) are shade-9 text on shade 0; "dimmed" text is
// gray.7 and the required mark and errors red.9.
const LIGHT_TEXT = ["teal", "red", "green", "blue", "grape", "gray", "orange", "yellow", "dark"];
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-error": "var(--mantine-color-red-9)",
    // Mantine 9's light background is shade 1, too dark under shade-9 text; shade 0 passes AA.
    ...Object.fromEntries(LIGHT_TEXT.flatMap((c) => [
      [`--mantine-color-${c}-light`, `var(--mantine-color-${c}-0)`],
      [`--mantine-color-${c}-light-hover`, `var(--mantine-color-${c}-1)`],
      [`--mantine-color-${c}-light-color`, `var(--mantine-color-${c}-9)`],
    ])),
  },
  dark: {},
});

const theme = createTheme({
  primaryColor: "teal",
  primaryShade: 9,
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
  defaultRadius: "md",
});

const client = makeClient();
const root = document.getElementById("root");
if (!root) throw new Error("no #root element");
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariables}>
      <I18nProvider>
        <Provider value={client}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </Provider>
      </I18nProvider>
    </MantineProvider>
  </StrictMode>,
);
