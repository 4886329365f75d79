"""The 「個人情報の流れ」 diagram, checked on its SVG structure: lanes, arrows, callouts, text
that fits its box, escaping and determinism. No database, no Django."""

from __future__ import annotations

import pathlib
import re
import xml.etree.ElementTree as ET

import pytest

from shingikai.dossiers.structure import casefile, catalogue
from shingikai.dossiers.structure.diagram import (
    LANE_MIN,
    chars_per_line,
    circled,
    lane_width,
    render_svg,
    wrap,
)
from shingikai.dossiers.structure.dossier import Dossier, FlowStep, Party, Safeguard

SVG = "{http://www.w3.org/2000/svg}"
DEMO = pathlib.Path(__file__).parents[2] / "demo" / "cases" / "setagaya-999.yaml"
KINDS = ("data_subject", "ward_division", "contractor", "subcontractor", "system", "public_body")
LONG_ACTION = "申請データを審査し、結果を管理システムに登録したうえで委託先へ連携する"


def demo() -> Dossier:
    text = DEMO.read_text(encoding="utf-8")
    return casefile.parse(casefile.load_text(text), dict(catalogue.SEED_ITEMS))


def dossier(parties: tuple[Party, ...], flow: tuple[FlowStep, ...], **more: object) -> Dossier:
    return Dossier(
        council="審議会",
        municipality="区",
        kind="report",
        title="テストの案件",
        department_name="テスト課",
        parties=parties,
        flow=flow,
        **more,  # type: ignore[arg-type]
    )


def synthetic(steps: int, lanes: int, **more: object) -> Dossier:
    """`steps` steps over `lanes` parties with long names, actions and item lists."""
    parties = tuple(
        Party(key=f"p{i}", name=f"関係者{i}の長い名称（担当部署・所在地を含む）", kind=KINDS[i % 6])
        for i in range(lanes)
    )
    items = ("氏名", "住所", "生年月日", "電話番号", "口座情報", "世帯構成", "所得")
    flow = tuple(
        FlowStep(
            number=n,
            source=f"p{(n * 3) % lanes}",
            target=f"p{(n * 5 + 1) % lanes}" if n % 4 else f"p{(n * 3) % lanes}",
            action=LONG_ACTION if n % 2 else "通知書を郵送",
            items=items[: n % 8],
            channel=("lgwan", "mail", "internet_vpn", "electronic_media")[n % 4],
            encrypted=True if n % 3 == 0 else None,
        )
        for n in range(1, steps + 1)
    )
    return dossier(parties, flow, **more)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check its structure


def groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if cls in (g.get("class") or "").split()]


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def lanes(root: ET.Element) -> dict[str, tuple[float, float]]:
    """Each lane's (left, right) edges, from its background rectangle."""
    out = {}
    for lane in groups(root, "lane"):
        bg = lane.find(f"{SVG}rect")
        assert bg is not None
        x, w = float(bg.get("x", "0")), float(bg.get("width", "0"))
        out[lane.get("data-party", "")] = (x, x + w)
    return out


def centre(edges: tuple[float, float]) -> float:
    return (edges[0] + edges[1]) / 2


def step_group(root: ET.Element, number: int) -> ET.Element:
    found = [g for g in groups(root, "step") if g.get("data-step") == str(number)]
    assert len(found) == 1
    assert found[0].get("id") == f"flow-step-{number}"
    return found[0]


def arrow(group: ET.Element) -> ET.Element:
    found = [e for e in group.iter() if e.get("class") == "arrow"]
    assert len(found) == 1
    return found[0]


def arrow_y(group: ET.Element) -> float:
    a = arrow(group)
    if a.tag == f"{SVG}line":
        return float(a.get("y1", "0"))
    match = re.match(r"M([\d.]+),([\d.]+)", a.get("d", ""))
    assert match
    return float(match.group(2))


def rect_of(group: ET.Element) -> tuple[float, float, float, float]:
    r = group.find(f"{SVG}rect")
    assert r is not None
    return tuple(float(r.get(k, "0")) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def assert_fits(text: ET.Element, left: float, right: float) -> None:
    """Every line of `text` starts inside [left, right] and, at one em per character (the
    widest a Japanese or ASCII character gets), ends inside it too."""
    size = float(text.get("font-size", "0"))
    for span in text.iter(f"{SVG}tspan"):
        x = float(span.get("x", "0"))
        line = span.text or ""
        assert left <= x, (line, x, left)
        assert x + len(line) * size <= right, (line, x + len(line) * size, right)
        assert len(line) <= chars_per_line(int(right - left), int(size))


def step_region(root: ET.Element, d: Dossier, number: int) -> tuple[float, float]:
    """The room a step's label has: between its arrow's ends, or its lane for a loop."""
    step = d.step(number)
    assert step is not None
    edges = lanes(root)
    ends = sorted((centre(edges[step.source]), centre(edges[step.target])))
    return tuple(ends) if ends[0] != ends[1] else edges[step.source]  # type: ignore[return-value]


def assert_nothing_overflows(d: Dossier) -> None:
    root = parse(render_svg(d))
    for step in d.flow:
        left, right = step_region(root, d, step.number)
        for text in step_group(root, step.number).findall(f"{SVG}text"):  # not its callouts
            if text.get("class") == "step-number":
                assert left <= float(text[0].get("x", "0")) < right
            else:
                assert_fits(text, left, right)
    for lane in groups(root, "lane"):
        left, right = lanes(root)[lane.get("data-party", "")]
        for text in lane.iter(f"{SVG}text"):  # the header and the party's callouts
            assert_fits(text, left, right)
    for box in groups(root, "callout") + groups(root, "overall"):
        x, _, w, _ = rect_of(box)
        for text in box.iter(f"{SVG}text"):
            assert_fits(text, x, x + w)
    width = float(root.get("width", "0"))
    for text in root.findall(f"{SVG}text"):  # the heading
        assert_fits(text, 0, width)


# ------------------------------------------------------------------------------- tests


def test_it_numbers_steps_with_circled_digits() -> None:
    assert [circled(n) for n in (1, 2, 9, 10, 19, 20)] == ["①", "②", "⑨", "⑩", "⑲", "⑳"]
    assert circled(21) == "㉑"
    assert circled(50) == "㊿"
    assert circled(51) == "（51）"
    assert circled(0) == "（0）"


def test_it_draws_one_lane_per_party_in_the_dossiers_order() -> None:
    d = demo()
    root = parse(render_svg(d))
    found = groups(root, "lane")
    assert [g.get("data-party") for g in found] == [p.key for p in d.parties]
    for lane, party in zip(found, d.parties, strict=True):
        assert party.name in text_of(lane)
    by_key = {g.get("data-party"): text_of(g) for g in found}
    assert "区（担当課等）" in by_key["ward"]
    assert "本人（区民等）" in by_key["subject"]
    assert "システム" in by_key["cloud"]
    assert "委託先（未定）" in by_key["contractor"]


def test_it_draws_every_step_with_its_number_action_and_channel() -> None:
    d = demo()
    root = parse(render_svg(d))
    assert len(groups(root, "step")) == len(d.flow)
    for step, channel in zip(d.flow, ("庁内ネットワーク", "LGWAN", "郵送"), strict=False):
        text = text_of(step_group(root, step.number))
        assert circled(step.number) in text
        assert channel in text
    for step in d.flow:
        group = step_group(root, step.number)
        numbers = [t for t in group.iter(f"{SVG}text") if t.get("class") == "step-number"]
        assert [text_of(t) for t in numbers] == [circled(step.number)]
        assert step.action in "".join(text_of(group).split())
        assert ("暗号化" in text_of(group)) == bool(step.encrypted)
    assert "インターネット（VPN）" in text_of(step_group(root, 8))


def test_it_shortens_long_item_lists() -> None:
    root = parse(render_svg(demo()))
    text = text_of(step_group(root, 4))  # six items
    assert "氏名・住所・検診の受診状況・近況ほか2項目" in text
    assert "生活習慣" not in text


def test_it_draws_arrows_from_the_source_lane_to_the_target_lane() -> None:
    d = demo()
    root = parse(render_svg(d))
    edges = lanes(root)
    order = [p.key for p in d.parties]
    for step in d.flow:
        line = arrow(step_group(root, step.number))
        assert line.tag == f"{SVG}line"
        x1, x2 = float(line.get("x1", "0")), float(line.get("x2", "0"))
        assert x1 == pytest.approx(centre(edges[step.source]), abs=2)
        assert x2 == pytest.approx(centre(edges[step.target]), abs=2)
        assert line.get("y1") == line.get("y2")
        forward = order.index(step.target) > order.index(step.source)
        assert (x2 > x1) == forward
        assert line.get("marker-end") == "url(#flow-arrowhead)"
    assert root.find(f"{SVG}defs/{SVG}marker[@id='flow-arrowhead']") is not None


def test_it_draws_a_step_within_one_party_as_a_loop_on_its_lane() -> None:
    parties = (Party("ward", "福祉課", "ward_division"), Party("sys", "基幹システム", "system"))
    d = dossier(parties, (FlowStep(1, "ward", "ward", "台帳を更新", ("氏名",), "in_system"),))
    root = parse(render_svg(d))
    path = arrow(step_group(root, 1))
    assert path.tag == f"{SVG}path"
    match = re.match(r"M([\d.]+),", path.get("d", ""))
    assert match
    assert float(match.group(1)) == pytest.approx(centre(lanes(root)["ward"]), abs=2)
    assert "システム内の処理" in text_of(step_group(root, 1))


def test_it_orders_steps_top_to_bottom_by_number() -> None:
    d = synthetic(12, 4)
    shuffled = dossier(d.parties, tuple(reversed(d.flow[6:])) + d.flow[:6])
    root = parse(render_svg(shuffled))
    ys = [arrow_y(step_group(root, n)) for n in range(1, 13)]
    assert ys == sorted(ys)
    assert len(set(ys)) == len(ys)
    drawn = [g.get("data-step") for g in groups(root, "step")]
    assert drawn == [str(n) for n in range(1, 13)]


def test_it_puts_step_safeguards_in_callouts_beside_their_step() -> None:
    d = demo()
    root = parse(render_svg(d))
    right_of_lanes = max(r for _, r in lanes(root).values())
    targeted = [(i, s) for i, s in enumerate(d.safeguards, 1) if s.step is not None]
    assert targeted
    for index, safeguard in targeted:
        callout = [g for g in groups(root, "callout") if g.get("data-safeguard") == str(index)]
        assert len(callout) == 1
        assert safeguard.text in "".join(text_of(callout[0]).split())
        x, y, _, h = rect_of(callout[0])
        assert x > right_of_lanes
        assert y <= arrow_y(step_group(root, safeguard.step or 0)) <= y + h
        assert callout[0] in list(step_group(root, safeguard.step or 0).iter(f"{SVG}g"))


def test_it_puts_party_safeguards_under_the_lane_header() -> None:
    d = demo()
    root = parse(render_svg(d))
    lane = next(g for g in groups(root, "lane") if g.get("data-party") == "contractor")
    callouts = groups(lane, "callout")
    assert [c.get("data-safeguard") for c in callouts] == ["4"]
    assert "特記事項" in text_of(callouts[0])
    _, y, _, h = rect_of(callouts[0])
    header = lane.findall(f"{SVG}rect")[1]
    assert y >= float(header.get("y", "0")) + float(header.get("height", "0"))
    assert y + h < min(arrow_y(g) for g in groups(root, "step"))


def test_it_lists_case_wide_safeguards_at_the_bottom() -> None:
    d = demo()
    handling = Safeguard(kind="contractual", text="再委託は事前承認制とする", handling=1)
    root = parse(render_svg(Dossier(**{**vars(d), "safeguards": (*d.safeguards, handling)})))
    box = groups(root, "overall")
    assert len(box) == 1
    text = text_of(box[0])
    assert text.startswith("全体の安全管理措置")
    assert "世田谷区情報セキュリティ対策基準" in text
    assert "外部委託：【契約上の対策】再委託は事前承認制とする" in text
    notes = [g.get("data-safeguard") for g in groups(root, "safeguard-note")]
    assert notes == ["3", "5"]
    _, y, _, _ = rect_of(box[0])
    assert y > max(arrow_y(g) for g in groups(root, "step"))


def test_it_grows_taller_with_more_steps() -> None:
    heights = [int(parse(render_svg(synthetic(n, 4))).get("height", "0")) for n in (3, 10, 20)]
    assert heights[0] < heights[1] < heights[2]


def test_it_grows_wider_with_more_parties_but_keeps_lanes_readable() -> None:
    assert lane_width(2) > lane_width(5) >= lane_width(8) >= LANE_MIN
    for count in (2, 5, 8):
        root = parse(render_svg(synthetic(6, count)))
        widths = [r - left for left, r in lanes(root).values()]
        assert len(widths) == count
        assert min(widths) >= LANE_MIN - 8  # the background is inset 4px each side
        assert int(root.get("width", "0")) >= count * LANE_MIN


@pytest.mark.parametrize(("steps", "parties"), [(3, 2), (3, 5), (20, 5), (20, 8), (21, 3)])
def test_it_keeps_every_text_inside_its_box(steps: int, parties: int) -> None:
    targets = (Safeguard("technical", LONG_ACTION * 2, step=2), Safeguard("physical", LONG_ACTION))
    party = Safeguard("contractual", LONG_ACTION, clause="pledge", party="p1")
    assert_nothing_overflows(synthetic(steps, parties, safeguards=(*targets, party)))


def test_it_keeps_the_demo_inside_its_boxes() -> None:
    assert_nothing_overflows(demo())


def test_it_escapes_every_text() -> None:
    parties = (
        Party("a", "<script>&", "other"),
        Party('b"', "区民 & <家族>", "data_subject"),
    )
    flow = (FlowStep(1, "a", 'b"', '送付 "<b>" & </text>', ("氏名",), "mail"),)
    d = dossier(parties, flow, safeguards=(Safeguard("operational", "<i>&amp;</i>", step=1),))
    svg = render_svg(d, title="<title>&")
    assert "<script" not in svg
    assert "&lt;script&gt;&amp;" in svg
    root = parse(svg)
    assert "<script>&" in text_of(groups(root, "lane")[0])
    assert groups(root, "lane")[1].get("data-party") == 'b"'
    assert '送付 "<b>" & </text>' in text_of(step_group(root, 1))
    assert "<i>&amp;</i>" in text_of(groups(root, "callout")[0])
    assert "<title>&" in text_of(root.find(f"{SVG}title"))  # type: ignore[arg-type]


def test_it_drops_characters_xml_cannot_hold() -> None:
    parties = (Party("a", "区\x00役所\x1b", "ward_division"), Party("b", "本人\ud800", "other"))
    root = parse(render_svg(dossier(parties, (FlowStep(1, "a", "b", "送\x08付"),))))
    assert "区役所" in text_of(groups(root, "lane")[0])
    assert "送付" in text_of(step_group(root, 1))


def test_it_is_an_accessible_self_contained_image() -> None:
    d = demo()
    svg = render_svg(d)
    root = parse(svg)
    width, height = root.get("width"), root.get("height")
    assert root.get("viewBox") == f"0 0 {width} {height}"
    assert root.get("role") == "img"
    assert root.get("font-family").startswith("Noto Sans CJK JP")
    title = root.find(f"{SVG}title[@id='{root.get('aria-labelledby')}']")
    assert title is not None
    assert text_of(title) == "個人情報の流れ（出産・子育て応援事業の実施）"
    desc = root.find(f"{SVG}desc[@id='{root.get('aria-describedby')}']")
    assert desc is not None
    for step in d.flow:
        assert f"{circled(step.number)} " in text_of(desc)
        assert step.action in text_of(desc)
    assert "世田谷保健所健康推進課から管理システム" in text_of(desc)
    for forbidden in ("<script", "<style", "<image", "<foreignObject", "href"):
        assert forbidden not in svg
    assert not re.search(r"\son[a-z]+=", svg)
    assert re.findall(r"https?://[^\"]+", svg) == ["http://www.w3.org/2000/svg"]


def test_it_can_be_titled_by_the_caller() -> None:
    root = parse(render_svg(demo(), title="案件999"))
    assert text_of(root.find(f"{SVG}title")) == "個人情報の流れ（案件999）"  # type: ignore[arg-type]
    root = parse(render_svg(demo(), title=""))
    assert text_of(root.find(f"{SVG}title")) == "個人情報の流れ"  # type: ignore[arg-type]


def test_it_shows_the_lanes_of_an_empty_flow_with_a_note() -> None:
    d = demo()
    root = parse(render_svg(Dossier(**{**vars(d), "flow": (), "safeguards": ()})))
    assert len(groups(root, "lane")) == len(d.parties)
    assert groups(root, "step") == []
    assert "流れが登録されていません" in text_of(root)


def test_it_says_so_when_there_are_no_parties() -> None:
    root = parse(render_svg(dossier((), ())))
    assert "関係者が登録されていません" in text_of(root)
    assert groups(root, "lane") == []
    assert int(root.get("height", "0")) < 200
    assert root.find(f"{SVG}title") is not None


def test_it_draws_a_step_with_an_unknown_party_without_an_arrow() -> None:
    parties = (Party("a", "区", "ward_division"), Party("b", "本人", "data_subject"))
    d = dossier(parties, (FlowStep(1, "a", "ghost", "送付"), FlowStep(2, "a", "b", "郵送")))
    root = parse(render_svg(d))
    group = step_group(root, 1)
    assert [e for e in group.iter() if e.get("class") == "arrow"] == []
    assert "「ghost」が登録されていません" in text_of(group)
    arrow(step_group(root, 2))


def test_it_renders_the_same_bytes_for_the_same_dossier() -> None:
    assert render_svg(demo()) == render_svg(demo())
    assert render_svg(synthetic(20, 8)) == render_svg(synthetic(20, 8))


def test_it_wraps_japanese_by_character_count() -> None:
    text = "妊娠届出データから支給対象者を抽出して管理システムへ連携する"
    lines = wrap(text, 10)
    assert "".join(lines) == text
    assert all(len(line) <= 10 for line in lines)
    assert len(lines) == 3


def test_it_wraps_without_splitting_a_character_or_a_short_word() -> None:
    lines = wrap("通信はインターネット（VPN）で行う👍🏽と🙇‍♀️です", 9)
    assert "（VPN）" in "\n".join(lines)
    assert any("👍🏽" in line for line in lines)
    assert any("🙇‍♀️" in line for line in lines)
    assert "".join(lines) == "通信はインターネット（VPN）で行う👍🏽と🙇‍♀️です"


def test_it_keeps_closing_marks_off_the_start_of_a_line() -> None:
    for line in wrap("個人情報を取り扱う場所は、施錠された専用室とする。", 12):
        assert line[0] not in "、。）」"
    assert wrap("項目：氏名・住所・生年月日・電話番号", 12) == [
        "項目：氏名・住所・",
        "生年月日・電話番号",
    ]


def test_it_never_makes_a_line_longer_than_asked() -> None:
    text = "ABCDEFGHIJKLMNOPQRSTUVWXYZ（VPN）、。" * 3
    for limit in range(1, 15):
        lines = wrap(text, limit)
        assert all(len(line) <= limit for line in lines), limit
        assert "".join(lines) == text


def test_it_uses_design_system_colours() -> None:
    svg = render_svg(demo())
    for colour in ("#0017c1", "#1a1a1a", "#f2f2f2", "#e8f1fe", "#fff4d6"):
        assert colour in svg
