// Sign-in, passwords, invitations and the frame of the pages seen before signing in.
import { defineMessages } from "../types";

export const auth = defineMessages({
  en: {
    "link.signIn": "Sign in",
    "link.register": "Register an organisation",
    "link.forgot": "Forgot password",
  },
  fr: {
    "link.signIn": "Se connecter",
    "link.register": "Inscrire une organisation",
    "link.forgot": "Mot de passe oublié",
  },
  es: {
    "link.signIn": "Iniciar sesión",
    "link.register": "Registrar una organización",
    "link.forgot": "Olvidé mi contraseña",
  },
});
