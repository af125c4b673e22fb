from hallapp.domain.search import SearchFilter
from hallapp.services.search import CatalogueSearch


def test_the_sql_scan_answers_until_the_index_is_ready(app_context):
    search = app_context.search
    assert not search.ready
    before = search.search("就业登记")
    assert before[0].name == "就业登记"
    search.prepare()
    assert search.ready
    after = search.search("就业登记")
    assert after[0].name == "就业登记"


def test_index_and_sql_scan_agree_on_what_matches(ready_context):
    index_search = ready_context.search
    scan = CatalogueSearch(ready_context.uow, None)  # never prepared: always the SQL scan
    for query in ["登记", "申领", "jy", "cypxbt", "11440310MB2C07890G", "许可"]:
        by_index = {h.code for h in index_search.search(query, limit=100)}
        by_scan = {h.code for h in scan.search(query, limit=100)}
        assert by_scan <= by_index, query
    for query in ["就业登记", "高龄老人津贴申领"]:
        assert index_search.search(query)[0].name == scan.search(query)[0].name == query


def test_filters_reach_both_paths(ready_context):
    wanted = SearchFilter(delegated=True)
    scan = CatalogueSearch(ready_context.uow, None)
    hits = ready_context.search.search("", wanted, limit=100)
    assert len(hits) >= 10 and all(h.delegated for h in hits)
    assert {h.code for h in hits} == {h.code for h in scan.search("", wanted, limit=100)}


def test_the_index_is_saved_and_loaded_on_the_next_start(app_context, paths):
    app_context.search.prepare()
    saved = list(paths.index_dir.glob("search-*.npz"))
    assert len(saved) == 1
    stamp = saved[0].stat().st_mtime_ns
    fresh = CatalogueSearch(app_context.uow, paths.index_dir)
    fresh.prepare()
    assert saved[0].stat().st_mtime_ns == stamp  # loaded, not rebuilt
    assert fresh.search("cypxbt")[0].name == "创业培训补贴申领"


def test_a_corrupt_saved_index_is_rebuilt(app_context, paths):
    app_context.search.prepare()
    saved = next(paths.index_dir.glob("search-*.npz"))
    saved.write_bytes(b"garbage")
    fresh = CatalogueSearch(app_context.uow, paths.index_dir)
    fresh.prepare()
    assert fresh.search("gllr")[0].name == "高龄老人津贴申领"


def test_a_large_catalogue_is_indexed_in_a_child_process(app_context, paths, monkeypatch):
    def not_here(*_args):
        raise AssertionError("built in the window's process")

    monkeypatch.setattr("hallapp.services.search.SearchIndex.build", not_here)
    big = CatalogueSearch(
        app_context.uow, paths.index_dir, database_url=paths.database_url, subprocess_build_from=1
    )
    big.prepare()
    assert big.search("cypxbt")[0].name == "创业培训补贴申领"
    assert len(list(paths.index_dir.glob("search-*.npz"))) == 1
