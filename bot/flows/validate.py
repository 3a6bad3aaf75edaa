"""Start-up check of the flows: every target exists, every node is reachable, every action is known."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping

from bot.engine import Act, Ask, Choose, Flow, Goto, Node, Say

# Nodes the dialogue enters directly (not through a flow's start).
ENTRY_POINTS = frozenset({("agent", "offer"), ("agent", "voice_offer"), ("welcome", "greet")})
# Targets of options the host builds at run time, per option list.
DYNAMIC_TARGETS: Mapping[str, frozenset[str]] = {
    "main_menu": frozenset(
        {
            "to_info",
            "to_request",
            "to_appointment",
            "to_mobile",
            "to_bookings",
            "to_agent",
            "to_language",
            "to_privacy",
        }
    ),
    "mobile_actions": frozenset({"subscribe", "unsubscribe", "home_visit", "to_menu"}),
    "languages": frozenset(),
    "areas": frozenset(),
}


class FlowError(ValueError):
    """A flow refers to something that does not exist, or has unreachable nodes."""


def _targets(node: Node) -> Iterator[str]:
    if isinstance(node, Say | Ask):
        yield node.next
    elif isinstance(node, Choose):
        if node.next:
            yield node.next
        yield from (option.next for option in node.options if option.next)
        if node.options_from:
            yield from DYNAMIC_TARGETS.get(node.options_from, ())
    elif isinstance(node, Act):
        yield from ([node.next] if isinstance(node.next, str) else node.next.values())


def validate_flows(flows: Mapping[str, Flow], actions: Collection[str]) -> None:
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
        problems.extend(_check_flow(flow, flows, actions, entered))
    if problems:
        raise FlowError("\n".join(problems))


def _check_flow(
    flow: Flow, flows: Mapping[str, Flow], actions: Collection[str], entered: set[tuple[str, str]]
) -> list[str]:
    problems = []
    if flow.start not in flow.nodes:
        problems.append(f"{flow.name}: start node {flow.start!r} is missing")
    for node_id, node in flow.nodes.items():
        if node_id != node.id:
            problems.append(f"{flow.name}.{node_id}: registered under another id ({node.id})")
        for target in _targets(node):
            if target not in flow.nodes:
                problems.append(f"{flow.name}.{node.id}: leads to missing node {target!r}")
        if isinstance(node, Act) and node.action not in actions:
            problems.append(f"{flow.name}.{node.id}: unknown action {node.action!r}")
        if isinstance(node, Choose) and node.options_from and node.options_from not in DYNAMIC_TARGETS:
            problems.append(f"{flow.name}.{node.id}: unknown option list {node.options_from!r}")
        if (
            isinstance(node, Goto)
            and node.node
            and node.flow in flows
            and node.node not in flows[node.flow].nodes
        ):
            problems.append(f"{flow.name}.{node.id}: no node {node.node!r} in flow {node.flow!r}")
    reachable = _reachable(flow, {node for name, node in entered if name == flow.name} | {flow.start})
    problems.extend(
        f"{flow.name}.{node_id}: unreachable" for node_id in flow.nodes if node_id not in reachable
    )
    return problems


def _reachable(flow: Flow, starts: set[str]) -> set[str]:
    seen: set[str] = set()
    pending = [start for start in starts if start in flow.nodes]
    while pending:
        node_id = pending.pop()
        if node_id in seen:
            continue
        seen.add(node_id)
        pending.extend(target for target in _targets(flow.nodes[node_id]) if target in flow.nodes)
    return seen
