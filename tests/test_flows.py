"""The flows as data: valid at start-up, every prompt translatable, options right for every center."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversation.options import dynamic_options, option_list
from bot.conversation.turn import Turn
from bot.engine import Act, Ask, Choose, End, Flow, FlowState, Goto, Option, Say
from bot.flows import FLOWS
from bot.flows.check import check_flows, registries
from bot.flows.validate import FlowError
from bot.i18n import LOCALES_DIR
from bot.outbound import Text
from storage.centers import get_center_by_slug, list_areas
from storage.models import ChannelIdentity, Citizen, Conversation


def texts_of(flow: Flow) -> Iterator[Text]:
    for node in flow.nodes.values():
        if isinstance(node, Say):
            yield from node.text if isinstance(node.text, tuple) else (node.text,)
        elif isinstance(node, Choose):
            yield node.prompt
            yield from (option.label for option in node.options)
        elif isinstance(node, Ask):
            yield node.prompt
            if node.retry:
                yield node.retry


def test_bundled_flows_are_valid() -> None:
    check_flows()


def test_every_prompt_is_a_msgid_of_the_template() -> None:
    with (LOCALES_DIR / "messages.pot").open("rb") as source:
        template = {message.id for message in read_po(source)}
    missing = [
        text.msgid
        for flow in FLOWS.values()
        for text in texts_of(flow)
        if not text.raw and text.msgid not in template
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("flow", "problem"),
    [
        (Flow.of("x", Say("a", Text("A"), next="nowhere")), "x.a: leads to missing node 'nowhere'"),
        (
            Flow.of("x", Act("a", "no_such_action", next="b"), End("b")),
            "x.a: unknown action 'no_such_action'",
        ),
        (Flow.of("x", End("a"), End("lonely")), "x.lonely: unreachable"),
        (Flow.of("x", Goto("a", "no_flow")), "x.a: no flow 'no_flow'"),
        (Flow.of("x", Goto("a", "menu", node="nope")), "x.a: no node 'nope' in flow 'menu'"),
        (Flow.of("x", Choose("a", Text("?"), options_from="mystery")), "x.a: unknown option list 'mystery'"),
        (
            Flow.of("x", Choose("a", Text("?"), options=(Option("k", Text("K"), next="gone"),))),
            "leads to missing node 'gone'",
        ),
    ],
)
def test_broken_flows_are_refused_with_a_clear_message(flow: Flow, problem: str) -> None:
    with pytest.raises(FlowError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        check_flows({**FLOWS, "x": flow})


def test_an_unknown_check_name_is_refused() -> None:
    flow = Flow.of("x", Ask("a", Text("?"), slot="s", next="b", check="postcode"), End("b"))
    with pytest.raises(FlowError, match=r"x\.a: unknown check 'postcode'"):
        check_flows({**FLOWS, "x": flow})


def test_an_unknown_option_list_name_is_refused() -> None:
    flow = Flow.of("x", Choose("a", Text("?"), options_from="villages", slot="s", next="b"), End("b"))
    with pytest.raises(FlowError, match=r"x\.a: unknown option list 'villages'"):
        check_flows({**FLOWS, "x": flow})


def test_main_menu_targets_come_from_the_menu_flow() -> None:
    targets = registries().option_lists["main_menu"]
    assert set(targets) == {node_id for node_id in FLOWS["menu"].nodes if node_id != "main"}


def test_an_option_list_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        option_list("areas")(lambda turn, state: ())


@pytest.mark.parametrize("slug", ["alonissos", "thira", "mylopotamos", "palamas", "aigialeia"])
async def test_dynamic_options_lead_to_existing_nodes_for_every_center(
    session: AsyncSession, slug: str
) -> None:
    center = await get_center_by_slug(session, slug=slug)
    assert center is not None
    turn = Turn(
        session,
        center,
        Citizen(),
        ChannelIdentity(),
        Conversation(),
        0,
        None,
        await list_areas(session, center_id=center.id),
    )  # type: ignore[arg-type]
    menu = dynamic_options(turn, "main_menu", FlowState())
    assert ("mobile" in [option.key for option in menu]) == center.mobile_unit
    for name, flow, state in (
        ("main_menu", "menu", FlowState()),
        ("mobile_actions", "mobile", FlowState(slots={"subscribed": True})),
    ):
        for option in dynamic_options(turn, name, state):
            assert option.next in FLOWS[flow].nodes
    areas = dynamic_options(turn, "areas", FlowState())
    assert len(areas) == len(turn.areas) and all(option.synonyms for option in areas)
    assert len(dynamic_options(turn, "languages", FlowState())) == 12


def test_flow_modules_hold_one_flow_each() -> None:
    modules = sorted(path.stem for path in (Path(__file__).parent.parent / "bot" / "flows").glob("*.py"))
    assert set(FLOWS) <= set(modules)
