"""Domain services: the registry's rules, workflows and transactions (no GraphQL, no HTTP)."""
