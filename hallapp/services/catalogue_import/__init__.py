"""Bring a hall's real catalogue in from what the provincial platforms export.

Each reader (national exchange JSON, Excel implementation lists, plain lists) turns one file into an
``ImportedCatalogue`` (``model.py``): the guides the app can hold, what they could not hold (kept so an
export gives it back), and every problem in plain words with its file, table or sheet, row, field and
value. Vendors' code lists (事项类型, 必要性, 材料形式 …) are translated by an editable ``CodeMapping``
(``mapping.py``, defaults in ``data/import_mappings/national.toml``). Nothing here touches the database:
previewing and applying an import is a use case built on top of these readers.
"""
