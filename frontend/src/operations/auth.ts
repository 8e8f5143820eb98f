// Sign-in, the viewer, passwords and self-registration.
import { graphql } from "../gql";

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      id
      name
      email
      phone
      role
      language
      organisation { id name type status viewerMay }
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(input: { email: $email, password: $password }) { expiresAt user { id name } }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout { logout }
`);

export const RequestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($email: String!) { requestPasswordReset(input: { email: $email }) }
`);

export const ResetPasswordMutation = graphql(`
  mutation ResetPassword($token: String!, $newPassword: String!) {
    resetPassword(input: { token: $token, newPassword: $newPassword }) { ledgerSeq }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(input: { currentPassword: $currentPassword, newPassword: $newPassword }) { ledgerSeq }
  }
`);

export const UpdateProfileMutation = graphql(`
  mutation UpdateProfile($input: UpdateUserInput!) {
    updateUser(input: $input) { ledgerSeq user { id name phone language } }
  }
`);

export const RegisterOrganisationMutation = graphql(`
  mutation RegisterOrganisation($input: RegisterOrganisationInput!) {
    registerOrganisation(input: $input) { message }
  }
`);

export const CountrySettingsQuery = graphql(`
  query CountrySettings {
    countrySettings { name iso2 iso3 sectors ghgs sectoralScopes { number name } languages }
  }
`);

export const UpdateLanguageMutation = graphql(`
  mutation UpdateLanguage($id: ID!, $language: String!) {
    updateUser(input: { id: $id, language: $language }) { ledgerSeq user { id language } }
  }
`);

export const IdentityProvidersQuery = graphql(`
  query IdentityProviders {
    identityProviders { id displayName loginPath }
  }
`);
