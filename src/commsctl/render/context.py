"""The variables passed to a template: plain dicts, lists and strings copied from the plan and the input.

Nothing from the models is passed through, so a template can reach no method
or attribute beyond the data listed in docs/templates.md.
"""

from __future__ import annotations

from commsctl.model import Communication


def build_context(loaded, communication: Communication, values: dict[str, object]) -> dict[str, object]:
    """Return the template context: one variable per `what` element, then the documented names."""
    roles = loaded.by_id("roles")
    audiences = loaded.by_id("audiences")
    channels = loaded.by_id("channels")
    lists = loaded.by_id("distribution_lists")

    # NOTE: a `what` element named like a context variable (owner, plan, ...) is shadowed by it.
    context: dict[str, object] = {element.id: values[element.id] for element in communication.what or []}
    context.update(
        communication={
            "id": communication.id,
            "name": communication.name,
            "type": communication.type,
            "description": communication.description,
        },
        plan={"name": loaded.plan.name if loaded.plan is not None else None},
        audiences=[_audience(audiences[item], lists) for item in communication.with_whom or [] if item in audiences],
        channels=[_channel(channels[item]) for item in communication.how or [] if item in channels],
        owner=_role(roles.get(communication.owner)) if communication.owner else None,
        approver=_role(roles.get(communication.approver)) if communication.approver else None,
        event_id=values.get("event_id"),
        data=dict(values),
    )
    return context


def _audience(audience, lists: dict) -> dict[str, object]:
    distribution_list = lists.get(audience.distribution_list) if audience.distribution_list else None
    return {
        "id": audience.id,
        "name": audience.name,
        "type": audience.type,
        "distribution_list": None
        if distribution_list is None
        else {"id": distribution_list.id, "name": distribution_list.name, "address": distribution_list.address},
    }


def _channel(channel) -> dict[str, object]:
    return {"id": channel.id, "name": channel.name, "kind": channel.kind}


def _role(role) -> dict[str, object] | None:
    if role is None:
        return None
    return {"id": role.id, "title": role.title, "members": list(role.members)}
