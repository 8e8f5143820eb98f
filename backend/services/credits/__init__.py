"""Credits: issuance into serial blocks, transfers, retirements, and the queries over them."""
