"""The rules, each declared once (minimal stand-in on the gui branch; helper "registry"
owns the full version with the same API: ``RULES``, ``rule_spec``, ``rule_name``,
``CROSS_YEAR_RULES``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleSpec:
    id: str
    name: str  # Chinese, what a reviewer reads
    cross_year: bool = False


RULES: dict[str, RuleSpec] = {
    s.id: s
    for s in (
        RuleSpec("section_missing", "缺少章节"),
        RuleSpec("section_empty", "章节无实质内容"),
        RuleSpec("missing_table", "缺少表格"),
        RuleSpec("missing_row", "缺少表格行"),
        RuleSpec("blank_cell", "空白单元格"),
        RuleSpec("not_a_number", "非数字内容"),
        RuleSpec("negative_value", "数值为负"),
        RuleSpec("row_sum", "行合计不符"),
        RuleSpec("column_sum", "列合计不符"),
        RuleSpec("balance", "结转关系不平衡"),
        RuleSpec("review_sum", "复议诉讼合计不符"),
        RuleSpec("narrative_sum", "正文分项之和不符"),
        RuleSpec("narrative_table", "正文与表格不一致"),
        RuleSpec("template_outdated", "表格格式过时"),
        RuleSpec("late_publication", "发布逾期"),
        RuleSpec("fee_disclosure_missing", "未说明信息处理费"),
        RuleSpec("duplicate_content", "内容重复"),
        RuleSpec("no_text_layer", "无文字层"),
        RuleSpec("ambiguous_digits", "数字粘连无法拆分"),
        RuleSpec("row_misaligned", "表格行错位"),
        RuleSpec("outline_unrecognised", "提纲无法识别"),
        RuleSpec("ocr_uncertain", "识别结果不确定"),
        RuleSpec("carry_over", "上年结转不符", cross_year=True),
        RuleSpec("in_force_rollforward", "现行有效件数不衔接", cross_year=True),
        RuleSpec("year_jump", "与上年相比变化异常", cross_year=True),
        RuleSpec("copied_text", "照搬上年内容", cross_year=True),
    )
}

CROSS_YEAR_RULES = tuple(r.id for r in RULES.values() if r.cross_year)


def rule_spec(rule_id: str) -> RuleSpec | None:
    return RULES.get(rule_id)


def rule_name(rule_id: str) -> str:
    spec = RULES.get(rule_id)
    return spec.name if spec else rule_id
