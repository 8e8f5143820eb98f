"""The country's settings that clients need for their forms (public: registration needs them)."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from backend.config import CountryConfig
from backend.schema.fields import field
from backend.services import runtime


@strawberry.type(description="A CDM sectoral scope as the country names it.")
class SectoralScope:
    number: int = strawberry.field(description="Its number, 1 up (projects' sectoralScope).")
    name: str = strawberry.field(description="Its name.")


@strawberry.type(description="The country's registry settings, from its country file.")
class CountrySettings:
    config: strawberry.Private[CountryConfig]

    @field(description="The country's name.")
    def name(self) -> str:
        return self.config.name

    @field(description="ISO 3166-1 alpha-2 code (the first element of every serial).")
    def iso2(self) -> str:
        return self.config.iso2

    @field(description="ISO 3166-1 alpha-3 code (as a Party under Article 6).")
    def iso3(self) -> str:
        return self.config.iso3

    @field(description="The registry's ID (alpha-3 and two digits), as in Article 6 reports.")
    def registry_id(self) -> str:
        return self.config.registry_id

    @field(description="Languages of e-mails and the UI (a user's language is one of them).")
    def languages(self) -> list[str]:
        return list(self.config.languages)

    @field(description="The language used when none is chosen.")
    def default_language(self) -> str:
        return self.config.default_language

    @field(description="Unit types that appear in serials (the second element).")
    def unit_types(self) -> list[str]:
        return [self.config.unit_type]

    @field(description="Sectors a project may name (projects' sector).")
    def sectors(self) -> list[str]:
        return list(self.config.sectors)

    @field(description="Greenhouse gases a project may cover (projects' ghgs).")
    def ghgs(self) -> list[str]:
        return list(self.config.ghgs)

    @field(description="CDM sectoral scopes, by number.")
    def sectoral_scopes(self) -> list[SectoralScope]:
        scopes = sorted(self.config.sectoral_scopes.items())
        return [SectoralScope(number=number, name=name) for number, name in scopes]

    @field(description="Organisation types this registry admits.")
    def organisation_types(self) -> list[str]:
        return list(self.config.organisation_types)

    @field(description="Share of proceeds deducted at issuance for adaptation, in percent.")
    def share_of_proceeds_percent(self) -> Decimal:
        return self.config.share_of_proceeds_percent

    @field(description="Units cancelled at issuance for OMGE, in percent.")
    def omge_percent(self) -> Decimal:
        return self.config.omge_percent


@strawberry.type
class CountryQuery:
    @field(
        description="The country's settings for forms: sectors, scopes, GHGs, languages. Public."
    )
    def country_settings(self) -> CountrySettings:
        return CountrySettings(config=runtime.current().country)
