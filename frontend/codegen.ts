import type { CodegenConfig } from "@graphql-codegen/cli";

// Operations in src/operations/*.ts are typed from the committed SDL at the repository root.
const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/operations/*.ts"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Date: "string", DateTime: "string", Decimal: "string", SafeInt: "number", JSON: "unknown" },
      },
    },
  },
};
export default config;
