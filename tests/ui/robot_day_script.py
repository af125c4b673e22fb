"""The robot clerk's day, as data: who comes to the counter, for what, and what the clerk does.

The morning's board already holds cases from 2026-09-30 (``HISTORY``, taken in as the board tests do,
deadline 2026-10-13: overdue on any later day), so an extension, reminders and a termination are due
whatever day the test runs. Today's intakes are at the real clock; their deadlines are checked against
the session's own working-day calendar.

Checklist plans (``keys``) are what the clerk presses on the checklist, as (row, key) pairs with row None
meaning "where the cursor is": ``ALL`` (A, 全部收齐), ``ALL`` then D on the deferrable rows (容缺), or Space
on the first row only (the ID card in, the rest not: 一次性告知 for what is missing).

The counter has devices (issue 13): each applicant draws a ticket and is called with F8; about a third
of them hand their ID card over, which is read with F4 instead of typing the name and number (``card``);
after the decision the applicant rates the service on the facing screen (``rating``: a level 1–5 on the
keypad, with what went wrong for a bad one, or "skip" for 跳过).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from hallapp.domain.identity import resident_id_check_char

A, D, SPACE = Qt.Key.Key_A, Qt.Key.Key_D, Qt.Key.Key_Space
ALL = ((None, A),)
FIRST_ONLY = ((0, SPACE),)


def deferring(*rows: int) -> tuple:
    """Everything in (A), then D on each of ``rows``: those materials deferred."""
    return (*ALL, *((row, D) for row in rows))


def rid(birth: str, sequence: int, region: str = "440308") -> str:
    body = f"{region}{birth}{sequence:03d}"
    return body + resident_id_check_char(body)


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    phone: str


@dataclass(frozen=True)
class Intake:
    tag: str  # how later steps refer to this applicant's case
    matter: str
    person: Person
    outcome: str  # accepted | deferred | refused | instant | bundle
    keys: tuple = ALL
    returning: bool = False  # only the ID is typed (or read): the register fills in the rest
    card: bool = False  # the applicant's ID card is read (F4) instead of typing the name and number
    rating: int | str = 5  # 好差评 on the facing screen: a level 1–5 (keypad digit), or "skip" (跳过)
    indicators: tuple[str, ...] = ()  # indicator codes the applicant touches (Indicator values)
    # The facing screen takes no typing (a touch never takes the clerk's keyboard): no comment from it.


@dataclass(frozen=True)
class Supplement:
    tag: str
    leave_out: int = 0  # the last N deferred materials have not arrived yet


@dataclass(frozen=True)
class Extend:
    tag: str
    reason: str = "台风停工，申请人无法按期补交"


@dataclass(frozen=True)
class Remind:
    applicant: str  # the board is searched by the applicant's name: all their open cases
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Terminate:
    tag: str


@dataclass(frozen=True)
class Reprint:
    tag: str


@dataclass(frozen=True)
class Disclosure:
    """An applicant asks for government information (依申请公开) at the counter: registered, receipt printed."""

    tag: str
    person: Person
    description: str


@dataclass(frozen=True)
class IdleLock:
    """Nobody touches the counter for longer than the idle timeout; the clerk unlocks with their password."""


@dataclass(frozen=True)
class FollowUpRatings:
    """差评回访 (Ctrl+Shift+R): the supervisor finds the morning's bad ratings (``tags``) listed, verifies
    each (属实), and rectifies and answers ``closed``'s, all with keys; Esc closes the list."""

    tags: tuple[str, ...]
    closed: str
    verified: str = "调取监控核实：申请人反映的问题属实"
    rectified: str = "已对窗口人员批评教育，高峰时段增开窗口"
    answered: str = "已电话回复申请人整改情况，申请人表示认可"


@dataclass(frozen=True)
class SwitchUser:
    username: str  # Ctrl+Shift+L: this person takes the counter over


@dataclass(frozen=True)
class DailyClose:
    pass


@dataclass(frozen=True)
class ImportCatalogue:
    """The administrator imports the hall's new implementation list (Ctrl+Shift+I): preview, then import.

    The list (Excel, made from the catalogue as stored) moves ``changed`` to ``new_place``, adds ``added``
    and leaves one matter out (which must stay)."""

    changed: str
    new_place: str
    added: str


@dataclass(frozen=True)
class ImportPlainList:
    """A plain list (CSV of codes, names, departments) adds ``name``: marked 待完善, refused at intake."""

    name: str


@dataclass(frozen=True)
class EditMatter:
    """The administrator shortens a matter's promised limit in the editor (Ctrl+Shift+M … Ctrl+S)."""

    name: str
    typed: str  # what the administrator types in the editor's search box


@dataclass(frozen=True)
class ReprintUnderVersion:
    """A case of the morning reprinted after its matter changed: it shows the guide it was decided under."""

    tag: str


@dataclass(frozen=True)
class IncompleteRefused:
    """A clerk finds the matter from the plain list: 待完善 shown, F5 starts no intake."""

    name: str


@dataclass(frozen=True)
class WrongNameOnKnownId:
    """A known ID typed with another person's name: the clerk is warned, the register is not changed."""

    tag: str  # the earlier applicant whose ID is typed again
    matter: str
    other_name: str


@dataclass(frozen=True)
class EscapeAndResume:
    """Esc in the middle of an intake keeps a draft; starting the matter again offers it back."""

    matter: str
    person: Person


@dataclass(frozen=True)
class Seed:
    """A case from before today on the morning's board (2026-09-30, taken in by the counter clerk)."""

    tag: str
    matter: str
    person: Person
    deferred_rows: tuple[int, ...]


PEOPLE = {
    "wang": Person("王建国", rid("19800312", 11), "13900000001"),
    "li": Person("李秀英", rid("19850721", 22), "13900000002"),
    "ouyang": Person("欧阳娜娜", rid("19920105", 24), "13900000003"),
    "maimaiti": Person("买买提·艾力", rid("19881130", 35), "13900000004"),
    "chen": Person("陈晓明", rid("19900101", 47), "13900000005"),
    "liu": Person("刘德华", rid("19751003", 51), "13900000006"),
    "zhou": Person("周杰", rid("19790618", 63), "13900000007"),
    "wu": Person("吴敏", rid("19930227", 72), "13900000008"),
    "zheng": Person("郑喆", rid("19870909", 85), "13900000009"),
    "sun": Person("孙珺", rid("19950415", 94), "13900000010"),
    "he": Person("何丽", rid("19910808", 16), "13900000011"),
    "gao": Person("高伯年", rid("19400520", 17), "13900000012"),
    "lin": Person("林小红", rid("19960101", 28), "13900000013"),
    "luo": Person("罗志强", rid("19820214", 39), "13900000014"),
    "liang": Person("梁燊", rid("19890530", 41), "13900000015"),
    "song": Person("宋佳", rid("19940712", 52), "13900000016"),
    "tang": Person("唐国栋", rid("19780223", 67), "13900000017"),
    "han": Person("韩雪", rid("19970311", 78), "13900000018"),
    "feng": Person("冯堃", rid("19830929", 89), "13900000019"),
    "deng": Person("邓小平安", rid("19860616", 91), "13900000020"),
    "xu": Person("许文静", rid("19981020", 12), "13900000021"),
    "cao": Person("曹操", rid("19701111", 33), "13900000022"),
    "peng": Person("彭于晏", rid("19820324", 57), "13900000023"),
    "zeng": Person("曾志伟", rid("19530402", 79), "13900000024"),
    "xiao": Person("肖战", rid("19911005", 13), "13900000025"),
    "tian": Person("田甜", rid("19990909", 26), "13900000026"),
    "dong": Person("董明珠", rid("19540826", 48), "13900000027"),
    "yuan": Person("袁隆平", rid("19300907", 59), "13900000028"),
    "pan": Person("潘长江", rid("19570905", 61), "13900000029"),
    "du": Person("杜甫华", rid("19721212", 73), "13900000030"),
    "jiang": Person("蒋雯丽", rid("19690525", 84), "13900000031"),
    "cai": Person("蔡依林", rid("19800915", 25), "13900000032"),
    "yu": Person("余秋雨", rid("19460823", 37), "13900000033"),
    "ye": Person("叶倩文", rid("19610728", 46), "13900000034"),
    "wei": Person("魏晨", rid("19860217", 58), "13900000035"),
    "xie": Person("谢娜", rid("19810506", 62), "13900000036"),
    "lu": Person("陆毅", rid("19760301", 75), "13900000037"),
    "shen": Person("沈腾", rid("19791023", 87), "13900000038"),
    "ren": Person("任贤齐", rid("19660623", 99), "13900000039"),
    "fan": Person("范冰冰", rid("19810916", 14), "13900000040"),
    "fang": Person("吉𠮷", rid("19900228", 27), "13900000041"),  # a rare character (CJK Ext B) prints
    "shi": Person("石磊", rid("19850515", 38), "13900000042"),
    # the morning board's applicants (cases of 2026-09-30)
    "hu": Person("胡春燕", rid("19830808", 42), "13900000043"),
    "guo": Person("郭德纲", rid("19730118", 53), "13900000044"),
    "kong": Person("孔令辉", rid("19751018", 65), "13900000045"),
}

HISTORY = (
    Seed("H-extend", "创业培训补贴申领", PEOPLE["hu"], (3,)),
    Seed("H-terminate", "养老保险待遇申领", PEOPLE["guo"], (5,)),
    Seed("H-remind-1", "创业培训补贴申领", PEOPLE["kong"], (3,)),
    Seed("H-remind-2", "食品经营许可", PEOPLE["kong"], (4, 5)),
)

SUPERVISOR_USERNAME = "zhao.liu"
ADMIN_USERNAME = "sun.admin"
IMPORTED = "老年人优待证办理（新导入）"
LISTED = "公共法律服务咨询（清单导入）"
P = PEOPLE


DAY = (
    # -- the morning: 张三 at the counter -----------------------------------------------------------------
    Intake("wang", "居住登记", P["wang"], "accepted"),
    Intake("li", "创业培训补贴申领", P["li"], "deferred", deferring(3), card=True, rating=4),
    Intake("ouyang", "学生资助申请", P["ouyang"], "refused", FIRST_ONLY, rating=3),
    Intake("maimaiti", "就业登记", P["maimaiti"], "instant", card=True),
    Intake("chen", "新生儿出生一件事", P["chen"], "bundle"),
    Intake("liu", "失业登记", P["liu"], "accepted", rating="skip"),
    Intake(
        "zhou",
        "食品经营许可",
        P["zhou"],
        "deferred",
        deferring(4, 5),
        card=True,
        rating=2,  # 不满意: what went wrong touched
        indicators=("E11", "Q11"),
    ),
    Intake("wu", "结婚登记", P["wu"], "accepted", rating=4),
    Intake("wang-again", "社会保障卡申领", P["wang"], "accepted", returning=True, card=True),
    Intake("gao", "高龄老人津贴申领", P["gao"], "instant", card=True),
    Intake("zheng", "再生育审批", P["zheng"], "refused", FIRST_ONLY),
    Intake("sun", "最低生活保障申请", P["sun"], "deferred", deferring(5, 6)),
    Supplement("li"),  # 李秀英 brings what she owed this morning
    Intake("he", "生育登记", P["he"], "instant"),
    Intake("lin", "公共租赁住房轮候申请", P["lin"], "accepted", card=True, rating=4),
    Intake("luo", "临时救助申请", P["luo"], "deferred", deferring(5)),
    Intake("liang", "退役士兵自主就业一次性经济补助", P["liang"], "refused", FIRST_ONLY, card=True),
    Intake("song", "少儿医疗保险参保登记", P["song"], "accepted"),
    Extend("H-extend"),  # a supervisor approves it here, typing their own name and password
    Intake("tang", "社会保险个人权益记录查询打印", P["tang"], "instant", card=True),
    Intake("han", "户口迁入(投靠)", P["han"], "deferred", deferring(5)),
    Remind("孔令辉", ("H-remind-1", "H-remind-2")),
    Disclosure("D-liu", P["liu"], "2026年坪山区老旧小区改造计划及资金安排"),
    Intake("feng", "房屋租赁登记备案", P["feng"], "accepted"),
    Intake("deng", "教师资格认定", P["deng"], "deferred", deferring(4, 5), card=True, rating=3),
    Supplement("zhou", leave_out=1),  # one of two arrived: 部分补正
    Terminate("H-terminate"),
    Intake("xu", "居住证签注", P["xu"], "accepted"),
    Reprint("wu"),  # the applicant lost the receipt
    IdleLock(),
    Intake("cao", "退役军人信息采集", P["cao"], "instant", card=True),
    Intake(
        "peng",
        "灵活就业人员社会保险补贴申领",
        P["peng"],
        "deferred",
        deferring(4),
        rating=1,  # 非常不满意, one indicator touched
        indicators=("A11",),
    ),
    Intake("zeng", "公共场所卫生许可", P["zeng"], "refused", FIRST_ONLY),
    Intake("xiao", "出生登记(户口申报)", P["xiao"], "accepted", card=True),
    Intake("tian", "义务教育阶段学位申请", P["tian"], "deferred", deferring(5), rating="skip"),
    Intake("chen-again", "就业登记", P["chen"], "instant", returning=True),
    # -- lunchtime: the administrator brings the hall's new list in and corrects a guide ----------------
    SwitchUser(ADMIN_USERNAME),
    ImportCatalogue("学生资助申请", "坪山区政务服务中心三楼 C 区 15 号窗口", IMPORTED),
    ImportPlainList(LISTED),
    EditMatter("公共租赁住房轮候申请", "公共租赁住房轮候申请"),
    # -- the afternoon: the supervisor takes the counter over ------------------------------------------
    SwitchUser(SUPERVISOR_USERNAME),
    FollowUpRatings(("zhou", "peng"), closed="zhou"),  # the morning's two bad ratings
    ReprintUnderVersion("ouyang"),  # refused this morning: its notice keeps the old place
    ReprintUnderVersion("lin"),  # accepted this morning: its receipt keeps the old promised limit
    IncompleteRefused(LISTED),
    Intake("imported", IMPORTED, P["shi"], "accepted"),
    Intake("dong", "学生资助申请", P["dong"], "accepted", card=True),
    Intake("yuan", "高龄老人津贴申领", P["yuan"], "instant", rating=4),
    Intake("pan", "医疗费用零星报销", P["pan"], "deferred", deferring(4, 5), card=True),
    Intake("du", "烈士遗属优待金申领", P["du"], "refused", FIRST_ONLY),
    Supplement("sun"),
    Intake("jiang", "结婚生育一件事", P["jiang"], "bundle", card=True, rating=4),
    Intake("cai", "人才住房配租申请", P["cai"], "deferred", deferring(7), rating="skip"),
    Intake("ye", "残疾人证新办", P["ye"], "deferred", deferring(3), card=True),
    Intake("wei", "生育登记", P["wei"], "instant"),
    Intake("xie", "居住登记", P["xie"], "accepted"),
    Intake("yu", "失业登记", P["yu"], "accepted"),
    Intake("lu", "学生资助申请", P["lu"], "refused", FIRST_ONLY, rating=3),
    Intake("fan", "创业培训补贴申领", P["fan"], "deferred", deferring(3)),
    DailyClose(),
    # -- last: a wrong name on a known ID, and Esc in the middle of an intake resumed from its draft -----
    WrongNameOnKnownId("wang", "失业登记", "王建军"),
    EscapeAndResume("居住登记", P["fang"]),
)
