"""HTTP routes and middleware besides /graphql."""
