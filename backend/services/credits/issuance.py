"""Issuing the verified quantity of an approved monitoring period, exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from backend import policy
from backend.db import locked, retried, transaction
from backend.errors import Conflict
from backend.ledger import entries
from backend.models.activity import Activity, MonitoringReport
from backend.models.article6 import Authorization
from backend.models.credit import CreditBlock, Issuance
from backend.models.enums import (
    AccountKind,
    ActivityStatus,
    BlockStatus,
    MonitoringReportStatus,
    ProjectStatus,
)
from backend.models.organisation import Organisation
from backend.models.project import Project, ProjectOwner
from backend.policy import Action, Principal
from backend.services import counters, dashboard, dashboard_rows, idempotency, ledger, runtime
from backend.services.credits.blocks import (
    account_ref,
    holding_account,
    registry_account,
)
from backend.services.recorded import Recorded

HUNDRED = Decimal(100)


def deduction(quantity: int, percent: Decimal) -> int:
    """Units taken for a percentage deduction: rounded down, so owners never lose to rounding."""
    return int((Decimal(quantity) * percent / HUNDRED).to_integral_value(rounding=ROUND_FLOOR))


def split_among_owners(quantity: int, shares: list[tuple[int, Decimal]]) -> list[tuple[int, int]]:
    """Split `quantity` units among (organisation_id, percentage) owners whose percentages sum
    to 100, by the largest-remainder rule: each owner gets the floor of its exact share; the
    units left over (fewer than the owners) go one each to the largest fractional remainders,
    ties to the lower organisation ID. Returns (organisation_id, units) in organisation order."""
    if sum(share for _, share in shares) != HUNDRED:
        raise ValueError("ownership percentages must sum to 100")
    exact = {owner: Decimal(quantity) * share / HUNDRED for owner, share in shares}
    units = {
        owner: int(value.to_integral_value(rounding=ROUND_FLOOR)) for owner, value in exact.items()
    }
    left = quantity - sum(units.values())
    by_remainder = sorted(exact, key=lambda owner: (-(exact[owner] - units[owner]), owner))
    for owner in by_remainder[:left]:
        units[owner] += 1
    return sorted(units.items())


@dataclass(frozen=True)
class _Share:
    holder_id: int
    units: int
    status: BlockStatus


async def _authorization_left(
    connection: BaseDBAsyncClient, project_id: int
) -> tuple[Authorization | None, int]:
    """The project's current Article 6.2 authorization, locked so that issuances under it take
    turns, and how many of its authorized units are not issued yet. The current one is the one
    recorded last: a new authorization takes over from the earlier ones (whose units issued so
    far stay theirs), it does not add to them."""
    authorization = (
        await Authorization.filter(project_id=project_id)
        .using_db(connection)
        .order_by("-id")
        .select_for_update()
        .first()
    )
    if authorization is None:
        return None, 0
    # Splits share a block's units out among its children, each keeping the authorization, so
    # the blocks carrying it hold exactly the units issued under it.
    ranges = (
        await CreditBlock.filter(authorization_id=authorization.id)
        .using_db(connection)
        .values_list("serial_start", "serial_end")
    )
    issued = sum(int(end) - int(start) + 1 for start, end in ranges)
    return authorization, max(0, int(authorization.quantity) - issued)


def block_serial_prefix(project_prefix: str, vintage: int, authorized: bool) -> str:
    """The serial prefix of a block (INTEROP.md, six elements): the project's, with the unit type
    the country file names for units with an Article 6.2 authorization (ITMO) or without one."""
    country = runtime.current().country
    iso2, _, rest = project_prefix.split("-", 2)
    unit_type = country.authorized_unit_type if authorized else country.unit_type
    return f"{iso2}-{unit_type}-{rest}-{vintage}-0"


def _stamped(shares: list[_Share], authorized: int) -> Iterator[tuple[_Share, int, bool]]:
    """(share, units, carries the authorization) for each block to create, in serial order: the
    first `authorized` units carry it, so a share across that limit becomes two blocks."""
    for share in shares:
        units = share.units
        if units > 0 and authorized > 0:
            stamped = min(units, authorized)
            yield share, stamped, True
            authorized -= stamped
            units -= stamped
        if units > 0:
            yield share, units, False


@retried
async def issue_credits(
    *, principal: Principal, monitoring_report_id: int, idempotency_key: str | None = None
) -> Recorded[Issuance]:
    """Issue an approved monitoring period's verified quantity as one contiguous serial range,
    split among the owners (after share-of-proceeds and OMGE deductions). Under an Article 6.2
    authorization, only the units it still authorizes carry it (owners' units first), never more
    than its quantity in all. Raises NotFound, Conflict (not approved, project not authorised,
    already issued), Forbidden."""
    policy.require(principal, Action.CREDITS_ISSUE)
    call = idempotency.once(
        principal, idempotency_key, "credits.issue", monitoring_report_id=monitoring_report_id
    )
    country = runtime.current().country
    async with transaction() as connection:
        if (replay := await idempotency.replayed(connection, call, Issuance)) is not None:
            return replay
        report = await locked(connection, MonitoringReport, monitoring_report_id)
        activity = await Activity.filter(id=report.activity_id).using_db(connection).get()
        project = await Project.filter(id=activity.project_id).using_db(connection).get()
        if (
            report.status is not MonitoringReportStatus.APPROVED
            or activity.status is not ActivityStatus.APPROVED
        ):
            raise Conflict("only an approved monitoring period of an approved activity is issued.")
        if project.status is not ProjectStatus.AUTHORISED or not project.serial_prefix:
            raise Conflict("credits are issued only for an authorised project.")
        if await Issuance.filter(monitoring_report_id=report.id).using_db(connection).exists():
            raise Conflict("this monitoring period has already been issued.")
        quantity, vintage = int(report.verified_quantity or 0), report.period_end.year
        if quantity < 1:
            raise Conflict("this monitoring period has no verified quantity to issue.")
        owners = await ProjectOwner.filter(project_id=project.id).using_db(connection)
        organisations = {
            o.id: o
            for o in await Organisation.filter(id__in=[w.organisation_id for w in owners]).using_db(
                connection
            )
        }
        sop = deduction(quantity, country.share_of_proceeds_percent)
        omge = deduction(quantity, country.omge_percent)
        shares = [
            _Share(
                (await holding_account(connection, organisations[owner])).id,
                units,
                BlockStatus.ACTIVE,
            )
            for owner, units in split_among_owners(
                quantity - sop - omge, [(w.organisation_id, Decimal(w.percentage)) for w in owners]
            )
        ]
        shares.append(
            _Share(
                (await registry_account(connection, AccountKind.SHARE_OF_PROCEEDS)).id,
                sop,
                BlockStatus.ACTIVE,
            )
        )
        shares.append(
            _Share(
                (await registry_account(connection, AccountKind.OMGE)).id,
                omge,
                BlockStatus.CANCELLED,
            )
        )
        first = await counters.take(connection, "serial", quantity)
        authorization, authorized_left = await _authorization_left(connection, project.id)
        try:
            issuance = await Issuance.create(
                using_db=connection,
                monitoring_report=report,
                project=project,
                vintage=vintage,
                quantity=quantity,
                serial_start=first,
                serial_end=first + quantity - 1,
            )
        except IntegrityError as exc:
            raise Conflict("this monitoring period has already been issued.") from exc
        blocks, start = [], first
        for share, units, stamped in _stamped(shares, authorized_left):
            blocks.append(
                await CreditBlock.create(
                    using_db=connection,
                    issuance=issuance,
                    project=project,
                    holder_id=share.holder_id,
                    authorization=authorization if stamped else None,
                    serial_prefix=block_serial_prefix(project.serial_prefix, vintage, stamped),
                    serial_start=start,
                    serial_end=start + units - 1,
                    vintage=vintage,
                    status=share.status,
                )
            )
            start += units
        seq = await ledger.append(
            connection,
            ledger.new_entry(
                entries.CreditsIssued(
                    issuance_id=issuance.id,
                    monitoring_report_id=report.id,
                    project_id=project.id,
                    vintage=vintage,
                    quantity=quantity,
                    serial_prefix=block_serial_prefix(project.serial_prefix, vintage, False),
                    blocks=[
                        entries.IssuedBlock(
                            block_id=b.id,
                            serial_prefix=b.serial_prefix,
                            start=int(b.serial_start),
                            end=int(b.serial_end),
                            holder=account_ref(b.holder_id),
                            status=b.status.value,
                            authorization=(
                                authorization.authorization_id
                                if authorization is not None and b.authorization_id is not None
                                else None
                            ),
                        )
                        for b in blocks
                    ],
                ),
                principal.actor,
                f"issuance:{issuance.id}",
            ),
        )
        counted = await dashboard_rows.attributed_to(connection, project.id)
        issued = dashboard_rows.issuance(issuance, project, blocks, counted)
        await dashboard.record(connection, after=issued)
        await idempotency.remember(connection, call, issuance.id, seq)
    return Recorded(issuance, seq)
