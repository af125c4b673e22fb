"""The tables and field names of the national exchange data, and which of them a guide has a place for.

Field names are compared in lower case (exports write TASK_NAME and task_name alike). A field that is
known but has no place in a guide is kept in the matter's extras; a field that is not known at all is
kept too, and reported once per table, since it is usually a misspelt name whose value is then missing.
"""

from __future__ import annotations

ITEM = "AUDIT_ITEM"
MATERIAL = "AUDIT_MATERIAL"
WINDOW = "AUDIT_ITEM_WINDOW"
BYLAW = "AUDIT_ITEM_BYLAW"
CHARGE = "AUDIT_CHARGE"
QA = "AUDIT_QA"
EXTEND = "AUDIT_ITEM_EXTEND"
SPECIAL = "AUDIT_ITEM_SPECIAL"
CHILD_TABLES = (MATERIAL, WINDOW, BYLAW, CHARGE, QA, EXTEND, SPECIAL)
TABLES = (ITEM, *CHILD_TABLES)
LINK_FIELDS = ("task_code", "item_id", "task_guid", "rowguid")  # how a row names its matter

# Misspellings and synonyms seen in real exports -> the name used here.
ALIASES = {
    "fill_explian": "fill_explain",
    "accept_standard": "accept_stand",
    "page_num": "original_amount",
    "page_copynum": "copy_amount",
    "order_num": "ordernum",
    "order": "ordernum",
    "deptname": "dept_name",
    "deptcode": "dept_code",
}

# Fields of each table that a guide (or a material) takes; the rest go to extras.
PLACED: dict[str, frozenset[str]] = {
    ITEM: frozenset(
        {
            "hallapp_guide",  # what a HallApp export adds: exchange_app.py
            "task_name",
            "task_code",
            "dept_code",
            "dept_name",
            "task_type",
            "serve_type",
            "handle_type",
            "anticipate_day",
            "anticipate_type",
            "promise_day",
            "promise_type",
            "accept_condition",
            "accept_name",
            "handle_flow",
            "link_way",
            "supervise_way",
            "is_fee",
            "limit_scene_num",
        }
    ),
    MATERIAL: frozenset(
        {
            "material_name",
            "is_need",
            "material_form",
            "original_amount",
            "copy_amount",
            "page_format",
            "sign_ask",
            "source_type",
            "source_explain",
            "accept_stand",
            "fill_explain",
            "by_law",
            "remark",
            "ordernum",
        }
    ),
    WINDOW: frozenset({"window_name", "transact_addr", "transact_time", "window_tel"}),
    BYLAW: frozenset({"law_name", "law_number", "clause_number", "clause_content"}),
    CHARGE: frozenset({"charge_name", "charge_standard", "charge_basis"}),
    QA: frozenset(),
    EXTEND: frozenset({"handle_online_address"}),
    SPECIAL: frozenset({"special_name", "special_date", "special_date_type", "special_desc"}),
}

# Fields known to each table that have no place in a guide: kept in extras without a word.
KEPT: dict[str, frozenset[str]] = {
    ITEM: frozenset(
        {
            "catalog_code",
            "item_id",
            "use_level",
            "anticipate_day_explain",
            "promise_day_explain",
            "accept_std",
            "exercise_content",
            "query_url",
            "task_state",
            "task_version",
            "rowguid",
            "task_guid",
            "dept_type",
            "entrust_name",
            "update_time",
            "create_time",
            "exercise_level",
            "approve_result",
        }
    ),
    MATERIAL: frozenset(
        {"material_type", "task_code", "item_id", "material_guid", "rowguid", "task_guid", "material_id"}
    ),
    WINDOW: frozenset({"traffic_info", "task_code", "item_id", "window_guid", "rowguid", "task_guid"}),
    BYLAW: frozenset({"task_code", "item_id", "law_guid", "rowguid", "task_guid", "law_type"}),
    CHARGE: frozenset(
        {"task_code", "item_id", "charge_guid", "rowguid", "task_guid", "charge_amount", "is_desc"}
    ),
    QA: frozenset({"question", "answer", "task_code", "item_id", "rowguid", "task_guid"}),
    EXTEND: frozenset(
        {
            "result_name",
            "result_type",
            "is_online_handle",
            "is_express",
            "scene_reason",
            "task_code",
            "item_id",
            "rowguid",
            "task_guid",
            "result_sample",
            "is_entry_center",
            "limit_scene_explain",
        }
    ),
    SPECIAL: frozenset({"task_code", "item_id", "rowguid", "task_guid"}),
}

# Coded fields: placed in the guide through the code mapping, and kept as written too, since the mapping
# may lose what they said (行政处罚 imported as 其他行政权力) and an export should give the source's codes.
CODED: dict[str, frozenset[str]] = {
    ITEM: frozenset(
        {
            "task_type",
            "serve_type",
            "handle_type",
            "anticipate_type",
            "anticipate_day",
            "promise_type",
            "promise_day",
            "is_fee",
        }
    ),
    MATERIAL: frozenset({"is_need", "material_form", "source_type"}),
}
