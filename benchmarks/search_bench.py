"""Catalogue search benchmark: load time, index build/load time and size, and query latency (index vs LIKE).

    python benchmarks/search_bench.py --matters 100000 [--queries 200] [--data-dir DIR] [--seed 1]

Targets (docs: /work/shared/TESTING.md, Search): every query class p95 <= 2 ms and >= 20x faster than the
``LIKE`` scan at p95; process RSS < 300 MB after the saved index is loaded.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from unittest.mock import patch

import numpy as np

from hallapp.domain.access import SYSTEM
from hallapp.domain.catalogue import (
    ApplicantType,
    Department,
    Guide,
    LicenceType,
    MaterialRequirement,
    MatterType,
    OriginalHandling,
)
from hallapp.domain.search import SearchHit
from hallapp.search.index import SearchIndex
from hallapp.search.pinyin import _pypinyin, normalise_text, search_keys
from hallapp.services import catalogue as catalogue_service
from hallapp.services.catalogue_files import CatalogueSource
from hallapp.services.search import CatalogueSearch
from hallapp.store.db import UnitOfWork, make_engine
from hallapp.store.migrate import upgrade
from hallapp.store.search_repo import like_search

P2_MS, SPEEDUP, RSS_MB, LIMIT = 2.0, 20.0, 300.0, 50


def words(text: str) -> list[str]:
    return text.split()


DEPARTMENTS = words(
    "人力资源局 民政局 卫生健康局 市场监督管理局 住房和建设局 交通运输局 教育局 文化广电旅游体育局 医疗保障局 残疾人联合会 "
    "公安分局 城市管理和综合执法局 水务局 应急管理局 生态环境分局 规划和自然资源分局 退役军人事务局 司法局 发展和改革局 科技创新局 "
    "工业和信息化局 商务局 农业农村局 林业局 税务局 统计局 档案馆 气象局 烟草专卖局 消防救援大队 人民防空办公室 住房公积金管理中心 "
    "社会保险基金管理分局 不动产登记中心 公证处 法律援助中心 红十字会 总工会 妇女联合会 侨务办公室"
)
SUBJECTS = words(
    "个体工商户 食品经营 食品生产 高龄老人 残疾人 城乡居民 建设工程 医疗机构 药品零售企业 民办非企业单位 社会团体 农民专业合作社 "
    "外商投资企业 娱乐场所 旅馆业 公共场所 生活饮用水供水单位 放射诊疗 护士执业 医师执业 道路运输 出租汽车 机动车驾驶员培训 "
    "建筑施工企业 房地产开发企业 燃气经营 危险化学品经营 烟花爆竹经营 排水户 城市道路占用 户外广告设施 林木采伐 取水 "
    "河道管理范围内建设项目 人力资源服务机构 劳务派遣 职业技能培训机构 失业人员 灵活就业人员 退役军人 困难群众 特困人员 最低生活保障 "
    "临时救助 孤儿 养老机构 托育机构 3岁以下婴幼儿照护 幼儿园 民办学校 教师资格 校外培训机构 出版物零售 营业性演出 互联网上网服务 "
    "高危险性体育项目 文物保护单位 不动产 商品房预售 存量房 住房公积金 公共租赁住房 城镇职工 新生儿 流动人员 港澳台居民 外国人 "
    "机动车 犬只 母婴保健 独生子女父母 烈士遗属 殡葬 婚姻 收养 慈善组织 5G基站 A级旅游景区 重新就业 家属随迁 银行业金融机构"
)
OBJECTS = words("许可证 营业执照 资格证 证书 登记证 备案证明 津贴 补贴 救助金 待遇 资质 执业证书 信息 档案")
ACTIONS = words(
    "设立登记 变更登记 注销登记 许可证核发 许可 补贴申领 资格认定 备案 延续 注销 补办 换领 核准 审批 审核 确认 申报 年度报告 "
    "信息变更 遗失补领 迁移 认定 发放 给付 申请 查询 证明开具 核发 新办 复核 撤销 校验 评定 转移登记 抵押登记 首次登记"
)
QUALIFIERS = words(
    "（首次） （变更） （含分支机构） （延续） （补证） （法人） （自然人） （单位） （一级） （二级） （跨省通办） （告知承诺制）"
)
MATERIALS = words(
    "申请表 申请人身份证明 营业执照 法定代表人身份证明 授权委托书 场所使用证明 居民户口簿 近期免冠照片 相关资质证明 章程 "
    "验资报告 平面布局图 从业人员健康证明 原证书 信用承诺书 银行账户信息 社会保障卡 医学诊断证明 劳动合同 婚姻状况证明"
)
REGIONS = ("0303", "0304", "0305", "0306", "0307", "0308", "0309", "0310", "0311")
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
MISSES = {
    "1-2 chars": ["龘", "鼹鼠", "燚"],
    "chinese 4+": ["火星移民登记", "鼹鼠饲养许可"],
    "initials": ["qqxz", "zzzzv", "vvq"],
    "full pinyin": ["huoxingyimin", "zhuangyuanlang"],
    "code": ["ZZ99-99999", "0000XY-99"],
}


def make_source(count: int, seed: int) -> CatalogueSource:
    """A deterministic synthetic province catalogue whose names repeat fragments like a real one."""
    rng = random.Random(seed)
    letters = "ABCDEFGHJKLMNPQRTUWXY"
    departments = [
        Department(
            f"d{i:02d}",
            f"深圳市坪山区{name}",
            f"区{name}",
            f"11440310MB2C{(i + 1) * 1234 % 100000:05d}{letters[i % len(letters)]}",
        )
        for i, name in enumerate(DEPARTMENTS)
    ]
    # 实施编码 = an implementing office's credit code (3 districts per department) - item - sequence
    offices = {
        d.code: [d.credit_code[:4] + r + d.credit_code[8:] for r in rng.sample(REGIONS, 3)]
        for d in departments
    }
    licence = LicenceType("resident_id_card", "居民身份证", "公安机关")
    guides: list[Guide] = []
    codes: set[str] = set()
    while len(guides) < count:
        middle = rng.choice(OBJECTS) if rng.random() < 0.3 else ""
        name = rng.choice(SUBJECTS) + middle + rng.choice(ACTIONS)
        if rng.random() < 0.3 or len(name) < 6:
            name += rng.choice(QUALIFIERS)
        department = rng.choice(departments)
        code = f"{rng.choice(offices[department.code])}-{rng.randint(1, 9999):04d}-{rng.randint(1, 12):03d}"
        if not 6 <= len(name) <= 25 or code in codes:
            continue
        codes.add(code)
        deferrable = rng.random() < 0.3
        promised = rng.choice((0, 1, 3, 5, 10, 15, 20))
        materials = tuple(
            MaterialRequirement(
                name=material,
                originals=rng.randint(0, 1),
                copies=1,
                original_handling=rng.choice(list(OriginalHandling)),
                deferrable=deferrable and rng.random() < 0.3,
                licence_type_code=licence.code if material == "申请人身份证明" else None,
                licence_type_name=licence.name if material == "申请人身份证明" else None,
            )
            for material in rng.sample(MATERIALS, rng.randint(2, 4))
        )
        guides.append(
            Guide(
                code=code,
                name=name,
                department=department,
                matter_type=rng.choice(list(MatterType)),
                applicant_types=tuple(rng.sample(list(ApplicantType), rng.randint(1, 2))),
                legal_basis="《中华人民共和国行政许可法》",
                conditions="1. 符合法定条件;",
                procedure="1. 申请 2. 受理 3. 审核 4. 办结",
                statutory_limit_days=20,
                promised_limit_days=promised,
                on_the_spot=promised == 0,
                fees="不收费",
                place="坪山区行政服务大厅",
                windows="综合窗口",
                hours="周一至周五 9:00-18:00",
                phones=("12345",),
                visits=rng.choice((0, 1)),
                online_url="",
                deferrable=deferrable,
                max_deferred=int(deferrable),
                instant_approval=rng.random() < 0.1,
                delegated=rng.random() < 0.15,
                materials=materials,
            )
        )
    return CatalogueSource(departments, [licence], guides, digest=f"bench-{count}-{seed}")


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def probe(db_file: Path, index_dir: Path | None) -> None:
    """In a fresh process, as at the app's start-up: prepare the search; print seconds, RSS (MB) before,
    after and peak, and the peak of any child process (a large catalogue's index is built in one)."""
    import resource

    url = f"sqlite:///{db_file}"
    engine = make_engine(url)
    search = CatalogueSearch(partial(UnitOfWork, engine), index_dir, database_url=url)
    before = rss_mb()
    start = time.perf_counter()
    search.prepare()
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(time.perf_counter() - start, before, rss_mb(), rss_mb("VmHWM"), child_peak)


def run_probe(db_file: Path, index_dir: Path | None) -> list[float]:
    """(seconds, RSS before, after, peak, child peak) of ``probe``: building (empty index dir) or loading."""
    command = [sys.executable, __file__, "--probe", str(db_file), str(index_dir or "")]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return [float(v) for v in output.split()]


def make_queries(index: SearchIndex, per_class: int, seed: int) -> dict[str, list[str]]:
    """Queries per class, cut from the stored names, initials, spaced pinyin and codes."""
    rng = random.Random(seed + 1)
    pick = partial(rng.randrange, index.size)

    def cut(text: str, low: int, high: int, prefix: bool = False) -> str:
        size = rng.randint(low, min(high, len(text)))
        start = 0 if prefix else rng.randint(0, len(text) - size)
        return text[start : start + size]

    def draw(make: Callable[[], str], ok: Callable[[str], bool]) -> list[str]:
        out: list[str] = []
        while len(out) < per_class:
            q = make()
            if q and ok(q):
                out.append(q)
        return out

    def full_pinyin() -> str:
        tokens = index.pinyin[pick()].split(" ")
        size = rng.randint(2, 4)
        start = rng.randint(0, max(0, len(tokens) - size))
        run = tokens[start : start + size]
        if len(run) < 2 or not all(t.isalpha() for t in run):
            return ""
        if rng.random() < 0.3 and len(run[-1]) > 1:  # still typing the last syllable
            run[-1] = run[-1][: rng.randint(1, len(run[-1]) - 1)]
        return "".join(run)

    def code() -> str:
        text = cut(index.codes[pick()], 6, 18, prefix=rng.random() < 0.5)
        return text.lower() if rng.random() < 0.5 else text

    def han(q: str) -> bool:
        return bool(HAN.match(q))

    return {
        "1-2 chars": draw(lambda: cut(index.names[pick()], 1, 2), han),
        "chinese 4+": draw(lambda: cut(index.names[pick()], 4, 6), han),
        "initials": draw(lambda: cut(index.initials[pick()], 2, 6, prefix=rng.random() < 0.4), str.isalpha),
        "full pinyin": draw(full_pinyin, str.isalpha),
        "code": draw(code, lambda q: len(q) >= 6),
    }


Search = Callable[[str], list[SearchHit]]


def timed(run: Search, queries: list[str]) -> tuple[list[float], list[list[SearchHit]]]:
    """Milliseconds and results of each query."""
    times, results = [], []
    for q in queries:
        start = time.perf_counter()
        results.append(run(q))
        times.append((time.perf_counter() - start) * 1000)
    return times, results


def hit_problem(q: str, hit: SearchHit, index: SearchIndex, keys: dict[int, tuple[str, str]]) -> str | None:
    """Why an index hit does not contain the query where its label says it matched (None: it does)."""
    q = normalise_text(q).replace(" ", "")
    initials, joined = keys[hit.matter_id]
    department = next(d for d in index.departments if d.code == hit.department_code)
    haystacks = {
        "名称": [normalise_text(hit.name)],
        "编码": [hit.code.lower()],
        "拼音": [initials, joined],
        "部门": [
            normalise_text(department.short_name),
            department.initials,
            department.pinyin.replace(" ", ""),
        ],
    }[hit.matched_by]
    return None if any(q in h for h in haystacks) else f"{q!r} -> {hit.code} {hit.name} ({hit.matched_by})"


def compare(
    index: SearchIndex, run_like: Search, queries: dict[str, list[str]]
) -> tuple[list[str], list[str]]:
    """Time every class through both searches and check the index's hits: (table rows, failures)."""
    run_index: Search = lambda q: index.search(q, None, LIMIT)
    keys = dict(zip(index.matter_ids.tolist(), zip(index.initials, index.pinyin_joined)))
    for qs in queries.values():  # warm up: SQLite's page cache, numpy's code paths
        timed(run_index, qs[:20])
        timed(run_like, qs[:3])
    rows: list[str] = []
    failures: list[str] = []
    for label, qs in queries.items():
        misses = [q for q in MISSES[label] if not run_like(q)]
        qs = qs + misses
        index_ms, index_hits = timed(run_index, qs)
        like_ms, like_hits = timed(run_like, qs)
        wrong = [p for q, hits in zip(qs, index_hits) for h in hits if (p := hit_problem(q, h, index, keys))]
        fewer = lost = 0
        if label in ("1-2 chars", "chinese 4+"):
            for q, mine, theirs in zip(qs, index_hits, like_hits):
                ids = {h.matter_id for h in mine}
                fewer += len(mine) < len(theirs)
                lost += len(theirs) < LIMIT and any(h.matter_id not in ids and q in h.name for h in theirs)
        i50, i95, l50, l95 = (float(np.percentile(t, p)) for t in (index_ms, like_ms) for p in (50, 95))
        gain = l95 / i95
        ok = i95 <= P2_MS and gain >= SPEEDUP and not (wrong or fewer or lost)
        rows.append(
            f"{label:<12}{len(qs):>5}{len(misses):>5} |{i50:8.3f}{i95:8.3f}{max(index_ms):8.2f} |"
            f"{l50:8.1f}{l95:8.1f}{max(like_ms):8.1f} |{gain:8.0f}x |{len(wrong):>6}{fewer:>6}{lost:>6} | "
            + ("ok" if ok else "FAIL")
        )
        if i95 > P2_MS or gain < SPEEDUP:
            slow = sorted(zip(index_ms, qs), reverse=True)[:5]
            failures.append(
                f"{label}: index p95 {i95:.2f} ms (target <= {P2_MS}), {gain:.0f}x LIKE (target >= {SPEEDUP:.0f}x);"
                " slowest: " + ", ".join(f"{q!r} {ms:.2f} ms" for ms, q in slow)
            )
        failures.extend(f"{label}: wrong hit {p}" for p in wrong[:5])
        if fewer or lost:
            failures.append(
                f"{label}: {fewer} queries with fewer hits than LIKE, {lost} lacking one LIKE found"
            )
    return rows, failures


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--matters", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200, help="queries per class (default 200)")
    parser.add_argument("--data-dir", type=Path, help="where the database and index go (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--probe", nargs=2, help=argparse.SUPPRESS)  # internal: DB_FILE INDEX_DIR|''
    args = parser.parse_args()
    if args.probe:
        probe(Path(args.probe[0]), Path(args.probe[1]) if args.probe[1] else None)
        return 0
    temp = None if args.data_dir else tempfile.TemporaryDirectory(prefix="hallapp-bench-")
    data_dir = Path(args.data_dir or temp.name)  # type: ignore[union-attr]
    db_file, index_dir = data_dir / "bench.sqlite3", data_dir / "index"
    data_dir.mkdir(parents=True, exist_ok=True)
    for stale in (db_file, Path(f"{db_file}-wal"), Path(f"{db_file}-shm"), *index_dir.glob("search-*.npz")):
        stale.unlink(missing_ok=True)
    print(
        f"HallApp search benchmark: {args.matters:,} matters, {args.queries} queries/class, "
        f"seed {args.seed}, in {data_dir}"
    )

    start = time.perf_counter()
    source = make_source(args.matters, args.seed)
    print(f"generate catalogue      {time.perf_counter() - start:8.2f} s")
    start = time.perf_counter()
    _pypinyin()
    print(f"import pypinyin         {time.perf_counter() - start:8.2f} s")
    engine = make_engine(f"sqlite:///{db_file}")
    start = time.perf_counter()
    upgrade(engine)
    print(f"migrate                 {time.perf_counter() - start:8.2f} s")
    pinyin_seconds = [0.0]

    def timed_keys(name: str) -> tuple[str, str]:
        begin = time.perf_counter()
        try:
            return search_keys(name)
        finally:
            pinyin_seconds[0] += time.perf_counter() - begin

    start = time.perf_counter()
    with patch.object(catalogue_service, "search_keys", timed_keys):
        result = catalogue_service.apply_source(UnitOfWork(engine, write=True, principal=SYSTEM), source)
    print(
        f"load catalogue          {time.perf_counter() - start:8.2f} s  ({result.added:,} matters; "
        f"pinyin keys {pinyin_seconds[0]:.2f} s of it)"
    )
    del source
    gc.collect()

    rss_before = rss_mb()
    start = time.perf_counter()
    CatalogueSearch(partial(UnitOfWork, engine), index_dir).prepare()
    print(f"build + save index      {time.perf_counter() - start:8.2f} s")
    gc.collect()
    start = time.perf_counter()
    index = CatalogueSearch(partial(UnitOfWork, engine), index_dir).prepare()
    index_file = next(index_dir.glob("search-*.npz"))
    print(
        f"load saved index        {time.perf_counter() - start:8.2f} s  (postings {index.nbytes / 2**20:.1f} MB, "
        f"file {index_file.stat().st_size / 2**20:.1f} MB)"
    )
    print(
        f"RSS, this process       {rss_before:8.0f} MB before build, {rss_mb():.0f} MB after load, "
        f"peak {rss_mb('VmHWM'):.0f} MB (holds the generator's leftovers: reference only)"
    )
    empty_index_dir = index_dir.parent / "index-probe"
    shutil.rmtree(empty_index_dir, ignore_errors=True)
    empty_index_dir.mkdir()
    built, loaded = run_probe(db_file, empty_index_dir), run_probe(db_file, index_dir)
    shutil.rmtree(empty_index_dir, ignore_errors=True)
    for what, (seconds, before, after, peak, child) in (("build", built), ("load", loaded)):
        extra = f"; builder process peak {child:.0f} MB" if child else ""
        print(
            f"fresh process, {what:<8} {seconds:8.2f} s  RSS {before:.0f} MB before, {after:.0f} MB after, "
            f"peak {peak:.0f} MB{extra}"
        )

    queries = make_queries(index, args.queries, args.seed)
    with UnitOfWork(engine) as uow:
        rows, failures = compare(index, lambda q: like_search(uow.session, q, None, LIMIT), queries)
    print(
        f"\nms per query, top {LIMIT}. miss: queries matching nothing; wrong: index hits not containing the query;"
    )
    print("fewer / lost: Chinese queries where the index has fewer hits than LIKE / lacks a name LIKE found")
    print(f"{'':<22} |{'index':>11}{'':>13} |{'LIKE':>10}{'':>14} |")
    print(
        f"{'class':<12}{'n':>5}{'miss':>5} |{'median':>8}{'p95':>8}{'max':>8} |{'median':>8}{'p95':>8}{'max':>8} |"
        f"{'p95 gain':>9} |{'wrong':>6}{'fewer':>6}{'lost':>6} |"
    )
    print("\n".join(rows))
    rss_after = loaded[2]
    if rss_after >= RSS_MB:
        failures.append(
            f"RSS after loading the index in a fresh process: {rss_after:.0f} MB (target < {RSS_MB:.0f})"
        )
    print("".join(f"\n  - {f}" for f in failures))
    print(
        f"{'FAIL' if failures else 'PASS'}: every class p95 <= {P2_MS} ms and >= {SPEEDUP:.0f}x faster than LIKE; "
        f"RSS after index load {rss_after:.0f} MB < {RSS_MB:.0f} MB"
    )
    engine.dispose()
    if temp is not None:
        temp.cleanup()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
