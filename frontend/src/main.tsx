import "@mantine/core/styles.css";
import "@mantine/dates/styles.css";
import { MantineProvider, createTheme, defaultVariantColorsResolver, type CSSVariablesResolver, type VariantColorsResolver } from "@mantine/core";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { Provider } from "urql";
import { App } from "./App";
import { makeClient } from "./client";

// WCAG AA contrast (axe-core checks it in the e2e tests): light variants (badges, light buttons,
// the active navigation link) get their colour's darkest shade as text, and "dimmed" text is gray.7.
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant === "light") {
    const name = input.color && input.theme.colors[input.color] ? input.color : input.theme.primaryColor;
    return { ...colors, color: `var(--mantine-color-${name}-9)` };
  }
  return colors;
};
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "var(--mantine-color-gray-7)", "--mantine-color-placeholder": "var(--mantine-color-gray-6)" },
  dark: {},
});

const theme = createTheme({
  primaryColor: "teal",
  primaryShade: 9,
  variantColorResolver,
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
  defaultRadius: "md",
});

const client = makeClient();
const root = document.getElementById("root");
if (!root) throw new Error("no #root element");
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariables}>
      <Provider value={client}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </Provider>
    </MantineProvider>
  </StrictMode>,
);
