"""Start-up check of the flows: every target exists, every node is reachable, every name is registered.

The registries (actions, answer checks, option lists) are passed in: this module checks data and knows
nothing of the host that fills them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

from bot.engine import Act, Ask, Choose, Flow, Goto, Node, Say

# Nodes the dialogue enters directly (not through a flow's start).
ENTRY_POINTS = frozenset({("agent", "offer"), ("agent", "voice_offer"), ("welcome", "greet")})


@dataclass(frozen=True)
class Registries:
    """The names flows may use: actions, answer checks, and option lists with the nodes they lead to."""

    actions: Collection[str]
    checks: Collection[str]
    option_lists: Mapping[str, Collection[str]]


class FlowError(ValueError):
    """A flow refers to something that does not exist, or has unreachable nodes."""


def _targets(node: Node, option_lists: Mapping[str, Collection[str]]) -> Iterator[str]:
    if isinstance(node, Say | Ask):
        yield node.next
    elif isinstance(node, Choose):
        if node.next:
            yield node.next
        yield from (option.next for option in node.options if option.next)
        if node.words:
            yield node.words.next
        if node.options_from:
            yield from option_lists.get(node.options_from, ())
    elif isinstance(node, Act):
        yield from ([node.next] if isinstance(node.next, str) else node.next.values())


def validate_flows(flows: Mapping[str, Flow], registries: Registries) -> None:
    """Raise FlowError listing every problem in the flows."""
    problems: list[str] = []
    entered: set[tuple[str, str]] = set(ENTRY_POINTS)
    for flow in flows.values():
        for node in flow.nodes.values():
            if isinstance(node, Goto):
                if node.flow not in flows:
                    problems.append(f"{flow.name}.{node.id}: no flow {node.flow!r}")
                    continue
                target = node.node or flows[node.flow].start
                entered.add((node.flow, target))
    for flow in flows.values():
        problems.extend(_check_flow(flow, flows, registries, entered))
    if problems:
        raise FlowError("\n".join(problems))


def _check_flow(
    flow: Flow, flows: Mapping[str, Flow], registries: Registries, entered: set[tuple[str, str]]
) -> list[str]:
    problems = []
    if flow.start not in flow.nodes:
        problems.append(f"{flow.name}: start node {flow.start!r} is missing")
    for node_id, node in flow.nodes.items():
        if node_id != node.id:
            problems.append(f"{flow.name}.{node_id}: registered under another id ({node.id})")
        for target in _targets(node, registries.option_lists):
            if target not in flow.nodes:
                problems.append(f"{flow.name}.{node.id}: leads to missing node {target!r}")
        problems.extend(f"{flow.name}.{node.id}: {problem}" for problem in _unknown_names(node, registries))
        if (
            isinstance(node, Goto)
            and node.node
            and node.flow in flows
            and node.node not in flows[node.flow].nodes
        ):
            problems.append(f"{flow.name}.{node.id}: no node {node.node!r} in flow {node.flow!r}")
    starts = {node for name, node in entered if name == flow.name} | {flow.start}
    reachable = _reachable(flow, starts, registries.option_lists)
    problems.extend(
        f"{flow.name}.{node_id}: unreachable" for node_id in flow.nodes if node_id not in reachable
    )
    return problems


def _unknown_names(node: Node, registries: Registries) -> Iterator[str]:
    if isinstance(node, Act) and node.action not in registries.actions:
        yield f"unknown action {node.action!r}"
    if isinstance(node, Ask) and node.check and node.check not in registries.checks:
        yield f"unknown check {node.check!r}"
    if isinstance(node, Choose) and node.options_from and node.options_from not in registries.option_lists:
        yield f"unknown option list {node.options_from!r}"
    if isinstance(node, Choose) and node.words and node.words.check not in registries.checks:
        yield f"unknown check {node.words.check!r}"


def _reachable(flow: Flow, starts: set[str], option_lists: Mapping[str, Collection[str]]) -> set[str]:
    seen: set[str] = set()
    pending = [start for start in starts if start in flow.nodes]
    while pending:
        node_id = pending.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        pending.extend(
            target for target in _targets(flow.nodes[node_id], option_lists) if target in flow.nodes
        )
    return seen
