import numpy as np
import pytest

from hallapp.domain.search import IndexRecord, SearchFilter
from hallapp.search import persist
from hallapp.search.index import SearchIndex
from hallapp.search.pinyin import search_keys

DEPARTMENTS = {
    "rsj": ("深圳市坪山区人力资源局", "区人力资源局"),
    "mzj": ("深圳市坪山区民政局", "区民政局"),
    "zfb": ("深圳市坪山区人民政府办公室", "区政府办公室"),
}
MATTERS = [
    ("A-0001", "创业培训补贴申领", "rsj", True, False, False),
    ("A-0002", "就业登记", "rsj", False, True, True),
    ("A-0003", "失业登记", "rsj", False, False, True),
    ("B-0001", "高龄老人津贴申领", "mzj", False, True, True),
    ("B-0002", "登记", "mzj", False, False, False),
    ("B-0003", "结婚登记", "mzj", False, False, False),
    ("C-0001", "政府信息公开申请", "zfb", False, False, False),
    ("C-0002", "档案（首次）查询", "zfb", False, False, False),
    ("C-0003", "案首登记", "zfb", False, False, False),
]


def record(i, code, name, dept, deferrable, instant, delegated):
    initials, pinyin = search_keys(name)
    d_initials, d_pinyin = search_keys(DEPARTMENTS[dept][1])
    return IndexRecord(
        i,
        code,
        name,
        initials,
        pinyin,
        dept,
        *DEPARTMENTS[dept],
        d_initials,
        d_pinyin,
        deferrable,
        instant,
        delegated,
    )


@pytest.fixture(scope="module")
def index():
    return SearchIndex.build(record(i, *m) for i, m in enumerate(MATTERS, start=1))


def names(index, query, search_filter=None, limit=50):
    return [hit.name for hit in index.search(query, search_filter, limit)]


def test_substring_of_the_name(index):
    assert names(index, "培训") == ["创业培训补贴申领"]
    assert names(index, "老") == ["高龄老人津贴申领"]
    assert names(index, "公开申") == ["政府信息公开申请"]


def test_exact_name_first_then_prefix_then_contains(index):
    assert names(index, "登记")[0] == "登记"  # exact
    assert set(names(index, "登记")[1:]) == {"就业登记", "失业登记", "结婚登记", "案首登记"}
    assert names(index, "结婚")[0] == "结婚登记"


def test_pinyin_initials_and_full_pinyin(index):
    assert names(index, "cypxbt") == ["创业培训补贴申领"]
    assert names(index, "CYPX") == ["创业培训补贴申领"]
    assert names(index, "pxbt") == ["创业培训补贴申领"]
    assert names(index, "chuangyepeixun") == ["创业培训补贴申领"]
    assert names(index, "peixunbu") == ["创业培训补贴申领"]
    assert names(index, "gaoling")[0] == "高龄老人津贴申领"
    assert "就业登记" in names(index, "jiuye")


def test_full_pinyin_matches_only_from_a_syllable_start(index):
    assert "创业培训补贴申领" not in names(index, "uangye")


def test_code_prefix_and_substring_and_full_width(index):
    assert names(index, "b-0001") == ["高龄老人津贴申领"]
    assert names(index, "Ｃ－０００２") == ["档案（首次）查询"]
    assert set(names(index, "a-000")) == {"创业培训补贴申领", "就业登记", "失业登记"}
    assert names(index, "-0003")[0] in {"失业登记", "结婚登记", "案首登记"}


def test_department_name_brings_its_matters(index):
    assert set(names(index, "民政")) >= {"高龄老人津贴申领", "结婚登记", "登记"}
    assert "政府信息公开申请" not in names(index, "民政")  # 人民政府 is not 民政
    assert set(names(index, "rlzy")) == {"创业培训补贴申领", "就业登记", "失业登记"}


def test_no_match_across_punctuation(index):
    assert names(index, "案首") == ["案首登记"]
    assert names(index, "dangansou") == []


def test_filters(index):
    assert names(index, "登记", SearchFilter(department_code="rsj")) == ["就业登记", "失业登记"]
    assert names(index, "", SearchFilter(instant_approval=True)) == ["就业登记", "高龄老人津贴申领"]
    assert names(index, "", SearchFilter(delegated=True, department_code="mzj")) == ["高龄老人津贴申领"]
    assert names(index, "", SearchFilter(deferrable=True)) == ["创业培训补贴申领"]


def test_nothing_found_and_limit(index):
    assert names(index, "不存在的事项") == []
    assert names(index, "zzzz") == []
    assert len(names(index, "", limit=3)) == 3
    assert len(names(index, "登", limit=2)) == 2


def test_saved_index_answers_like_the_built_one(index, tmp_path):
    index.revision = "r1"
    path = tmp_path / "search-r1.npz"
    persist.save(index, path)
    loaded = persist.load(path)
    assert loaded.revision == "r1"
    for query in ["登记", "cypxbt", "chuangye", "a-000", "民政", "老", "", "dj"]:
        assert loaded.search(query) == index.search(query)
    assert np.array_equal(loaded.matter_ids, index.matter_ids)


def test_a_damaged_index_file_is_refused(index, tmp_path):
    path = tmp_path / "search-x.npz"
    path.write_bytes(b"not an index")
    with pytest.raises(ValueError):
        persist.load(path)
    persist.save(index, path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # truncated by a crash
    with pytest.raises(ValueError):
        persist.load(path)
