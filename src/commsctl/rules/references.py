"""Rules on references between files: every id used must be defined, every template must exist."""

from __future__ import annotations

from collections.abc import Iterator

from commsctl.errors import PlanPathError
from commsctl.findings import Severity
from commsctl.loader import TEMPLATES_DIR
from commsctl.model import EventTrigger
from commsctl.rules.registry import Hit, rule
from commsctl.sources import check_relative_path
from commsctl.suggest import closest


def unknown_id_message(kind: str, value: str, known: set[str], where: str) -> str:
    """Return the message for an id that names nothing, with a suggestion or where to define it."""
    message = f"unknown {kind} {value!r}"
    suggestion = closest(value, known)
    if suggestion:
        return f"{message}: did you mean {suggestion!r}?"
    return f"{message}: define it in {where} or use one of its ids"


def _check_ids(owner, subpath: tuple, values, kind: str, known: set[str], where: str) -> Iterator[Hit]:
    if values is None:
        return
    if isinstance(values, str):
        if values not in known:
            yield Hit(owner, subpath, unknown_id_message(kind, values, known, where))
        return
    for index, value in enumerate(values):
        if value not in known:
            yield Hit(owner, subpath + (index,), unknown_id_message(kind, value, known, where))


@rule("unknown-role", Severity.ERROR, "An owner, approver or publisher that names no defined role leaves the duty with nobody.")
def unknown_role(loaded) -> Iterator[Hit]:
    known = loaded.known_ids("roles")
    if loaded.plan is not None:
        yield from _check_ids(loaded.plan, ("owner",), loaded.plan.owner, "role", known, "roles.yaml")
    for communication in loaded.communications:
        yield from _check_ids(communication, ("owner",), communication.owner, "role", known, "roles.yaml")
        yield from _check_ids(communication, ("approver",), communication.approver, "role", known, "roles.yaml")
    for channel in loaded.channels:
        yield from _check_ids(channel, ("publishers",), channel.publishers, "role", known, "roles.yaml")
    for distribution_list in loaded.distribution_lists:
        yield from _check_ids(distribution_list, ("owner",), distribution_list.owner, "role", known, "roles.yaml")


@rule("unknown-audience", Severity.ERROR, "'with_whom' must name defined audiences, or nobody is reached.")
def unknown_audience(loaded) -> Iterator[Hit]:
    known = loaded.known_ids("audiences")
    for communication in loaded.communications:
        yield from _check_ids(communication, ("with_whom",), communication.with_whom, "audience", known, "audiences.yaml")


@rule("unknown-channel", Severity.ERROR, "'how' must name defined channels, or the message has no controlled route.")
def unknown_channel(loaded) -> Iterator[Hit]:
    known = loaded.known_ids("channels")
    for communication in loaded.communications:
        yield from _check_ids(communication, ("how",), communication.how, "channel", known, "channels.yaml")


@rule("unknown-event", Severity.ERROR, "A trigger must name an event of the plan's vocabulary so that it can be recognised and checked.")
def unknown_event(loaded) -> Iterator[Hit]:
    if loaded.plan is None:
        return
    known = {event.id for event in loaded.plan.events}
    for communication in loaded.communications:
        if isinstance(communication.trigger, EventTrigger):
            yield from _check_ids(
                communication, ("trigger", "event"), communication.trigger.event, "event", known, "plan.yaml events"
            )
    for index, control_point in enumerate(loaded.plan.control_points):
        yield from _check_ids(
            loaded.plan,
            ("control_points", index, "applies_to", "events"),
            control_point.applies_to.events,
            "event",
            known,
            "plan.yaml events",
        )


@rule("unknown-distribution-list", Severity.ERROR, "An audience must be reached through a defined, owned distribution list.")
def unknown_distribution_list(loaded) -> Iterator[Hit]:
    known = loaded.known_ids("distribution_lists")
    for audience in loaded.audiences:
        yield from _check_ids(
            audience, ("distribution_list",), audience.distribution_list, "distribution list", known, "distribution-lists.yaml"
        )


@rule("unknown-communication", Severity.ERROR, "A control point must name communications that exist.")
def unknown_communication(loaded) -> Iterator[Hit]:
    if loaded.plan is None:
        return
    known = loaded.known_ids("communications")
    for index, control_point in enumerate(loaded.plan.control_points):
        yield from _check_ids(
            loaded.plan,
            ("control_points", index, "applies_to", "communications"),
            control_point.applies_to.communications,
            "communication",
            known,
            "communications/",
        )


@rule("template-outside-plan", Severity.ERROR, "Templates are read only from inside the plan, so that a plan cannot read other files.")
def template_outside_plan(loaded) -> Iterator[Hit]:
    for communication, problem in _template_problems(loaded):
        if problem == "outside":
            yield Hit(
                communication,
                ("template",),
                f"template path {communication.template!r} leaves the plan directory: "
                f"use a path under {TEMPLATES_DIR}/ such as {TEMPLATES_DIR}/{communication.id}.md.j2",
            )


@rule("template-missing", Severity.ERROR, "A communication without its template cannot be drafted consistently.")
def template_missing(loaded) -> Iterator[Hit]:
    for communication, problem in _template_problems(loaded):
        if problem == "missing":
            yield Hit(
                communication,
                ("template",),
                f"template {communication.template!r} not found in the plan: create it or fix the path",
            )
        elif problem == "absent":
            yield Hit(
                communication,
                (),
                f"communication {communication.id!r} has no template: "
                f"set 'template' to a file such as {TEMPLATES_DIR}/{communication.id}.md.j2",
            )


@rule("template-outside-templates", Severity.WARNING, f"Templates live under {TEMPLATES_DIR}/ so that they can be reviewed and controlled together.")
def template_outside_templates(loaded) -> Iterator[Hit]:
    for communication, problem in _template_problems(loaded):
        if problem == "elsewhere":
            yield Hit(
                communication,
                ("template",),
                f"template {communication.template!r} is not under {TEMPLATES_DIR}/: move it there",
            )


def _template_problems(loaded) -> list[tuple]:
    """Return (communication, problem) pairs, problem being absent, outside, missing or elsewhere.

    Three rules share the result, so it is computed once per loaded plan.
    """
    if "template_problems" not in loaded.memo:
        loaded.memo["template_problems"] = list(_find_template_problems(loaded))
    return loaded.memo["template_problems"]


def _find_template_problems(loaded) -> Iterator[tuple]:
    for communication in loaded.communications:
        if not communication.template:
            yield communication, "absent"
            continue
        try:
            clean = check_relative_path(communication.template)
            resolve_inside = getattr(loaded.source, "resolve_inside", None)
            if resolve_inside is not None:
                resolve_inside(str(clean))
        except PlanPathError:
            yield communication, "outside"
            continue
        if not loaded.source.exists(str(clean)):
            yield communication, "missing"
        elif clean.parts[0] != TEMPLATES_DIR:
            yield communication, "elsewhere"
