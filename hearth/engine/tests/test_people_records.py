"""The people-file reader: CSV/Excel, Chinese/English headers, every error with row and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from hearth.engine.people_records import format_error, read_people_file


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEARTH_LANG", "en")


GOOD_CSV = (
    "Employee ID,Name,Email,Team,Parent team,Roles,Hire date,Languages,Time zone,Shift,"
    "Helpdesk accounts,Status,Leave date\n"
    '1001,Li Lei,lilei@example.com,Alpha,Floor 1,agent,2023-04-01,"zh, en",Asia/Shanghai,day,'
    '"zendesk:123; chatwoot:45",active,\n'
    '1002,Han Meimei,,Alpha,Floor 1,"team_lead, trainer",2021/09/15,中文,,evening,777,on_leave,\n'
    "1003,Zhang San,zs@example.com,Beta,,,2020.01.02,,Europe/London,rotating,,left,2024-06-30\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_it_reads_a_good_csv_with_english_headers(tmp_path: Path) -> None:
    result = read_people_file(write(tmp_path, "people.csv", GOOD_CSV))
    assert result.errors == ()
    assert [r.employee_id for r in result.records] == ["1001", "1002", "1003"]
    first, second, third = result.records
    assert first.row == 2
    assert first.languages == ("zh", "en")
    assert first.helpdesk_accounts == (("zendesk", "123"), ("chatwoot", "45"))
    assert first.hire_date == dt.date(2023, 4, 1)
    assert second.roles == ("team_lead", "trainer")
    assert second.helpdesk_accounts == (("any", "777"),)
    assert second.hire_date == dt.date(2021, 9, 15)
    assert second.languages == ("zh",)
    assert second.time_zone == ""
    assert second.status == "on_leave"
    assert third.roles == ("agent",)
    assert third.status == "left" and third.leave_date == dt.date(2024, 6, 30)
    assert third.hire_date == dt.date(2020, 1, 2)
    assert "email" in result.columns and "ui_language" not in result.columns


def test_it_reads_utf8_with_bom(tmp_path: Path) -> None:
    result = read_people_file(write(tmp_path, "people.csv", "\ufeff" + GOOD_CSV))
    assert result.errors == () and len(result.records) == 3


def test_it_reads_a_gb18030_csv_from_chinese_excel(tmp_path: Path) -> None:
    text = '工号,姓名,班组,角色,班次,状态\n2001,王小明,一组,"客服、组长",晚班,在职\n2002,赵丽,一组,社工,夜班,休假\n'
    result = read_people_file(write(tmp_path, "名单.csv", text, "gb18030"))
    assert result.errors == ()
    first, second = result.records
    assert first.name == "王小明" and first.team == "一组"
    assert first.roles == ("agent", "team_lead")
    assert first.shift_pattern == "evening"
    assert second.roles == ("social_worker",) and second.shift_pattern == "night"
    assert second.status == "on_leave"


def test_it_reads_xlsx_with_chinese_headers(tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "工号",
            "姓名",
            "邮箱",
            "团队",
            "角色",
            "入职日期",
            "语言",
            "时区",
            "班次",
            "客服账号",
            "界面语言",
        ]
    )
    sheet.append(
        [
            1024.0,
            "李雷",
            "lilei@example.com",
            "一组",
            "组长",
            dt.datetime(2022, 3, 1),
            "中文、英语",
            "Asia/Shanghai",
            "白班",
            "zendesk:9",
            "英语",
        ]
    )
    sheet.append([1025, "韩梅梅", None, "一组", None, "2022/03/02", None, None, "轮班", None, None])
    sheet.append([None, None, None, None, None, None, None, None, None, None, None])
    workbook.save(path)
    result = read_people_file(path)
    assert result.errors == ()
    first, second = result.records
    assert first.employee_id == "1024"
    assert first.hire_date == dt.date(2022, 3, 1)
    assert first.languages == ("zh", "en")
    assert first.roles == ("team_lead",)
    assert first.shift_pattern == "day"
    assert first.ui_language == "en"
    assert second.employee_id == "1025" and second.roles == ("agent",)
    assert second.hire_date == dt.date(2022, 3, 2)
    assert second.row == 3


BAD_CSV = (
    "工号,姓名,角色,入职日期,班次,时区,状态,离职日期,邮箱\n"
    "3001,Good Person,agent,2023-01-01,day,Asia/Shanghai,active,,\n"
    "3002,Bad Date,agent,2023-13-45,day,,,,\n"
    "3003,Bad Role,wizard,,,,,,\n"
    "3004,Bad Shift,,,afternoon,,,,\n"
    "3005,Bad Zone,,,,Mars/Olympus,,,\n"
    "3006,,,,,,,,\n"
    "3001,Duplicate,,,,,,,\n"
    "3007,Left Nodate,,,,,left,,\n"
    "3008,Many Wrong,boss,yesterday,noon,Nowhere,,,not-an-email\n"
    "3009,Left Early,,2024-01-01,,,left,2023-01-01,\n"
)


def test_it_reports_every_bad_row_and_field(tmp_path: Path) -> None:
    result = read_people_file(write(tmp_path, "bad.csv", BAD_CSV))
    assert [r.employee_id for r in result.records] == ["3001"]
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (3, "入职日期"),
        (4, "角色"),
        (5, "班次"),
        (6, "时区"),
        (7, "姓名"),
        (8, "工号"),
        (9, "离职日期"),
        (10, "角色"),
        (10, "入职日期"),
        (10, "班次"),
        (10, "时区"),
        (10, "邮箱"),
        (11, "离职日期"),
    }
    by_place = {(e.row, e.column): e.message for e in result.errors}
    assert "not a date" in by_place[(3, "入职日期")]
    assert "wizard" in by_place[(4, "角色")]
    assert "afternoon" in by_place[(5, "班次")]
    assert "Mars/Olympus" in by_place[(6, "时区")]
    assert "required" in by_place[(7, "姓名")]
    assert "row 2" in by_place[(8, "工号")]
    assert "leave date is required" in by_place[(9, "离职日期")]
    assert "before the hire date" in by_place[(11, "离职日期")]
    assert all(e.file == "bad.csv" for e in result.errors)


def test_errors_format_for_people(tmp_path: Path) -> None:
    result = read_people_file(write(tmp_path, "bad.csv", BAD_CSV))
    assert format_error(result.errors[0]).startswith("bad.csv row 3, column 入职日期: ")


def test_errors_can_be_in_chinese(tmp_path: Path) -> None:
    result = read_people_file(write(tmp_path, "bad.csv", BAD_CSV), language="zh_Hans")
    assert "日期" in result.errors[0].message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("people.txt", b"employee_id,name\n1,a\n"),
        ("people.xlsx", b"this is not a zip file"),
        ("people.csv", b"name,email\nLi,li@example.com\n"),
        ("people.csv", b""),
    ],
)
def test_a_bad_file_is_a_single_error_naming_it(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = read_people_file(path)
    assert result.records == ()
    assert len(result.errors) == 1
    assert result.errors[0].file == name and result.errors[0].row is None
    assert format_error(result.errors[0]).startswith(f"{name}: ")


def test_the_upload_name_decides_the_format(tmp_path: Path) -> None:
    path = write(tmp_path, "upload.tmp", GOOD_CSV)
    result = read_people_file(path, filename="mine.csv")
    assert result.errors == () and result.filename == "mine.csv"


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ("客服", ("agent",)),
        ("坐席|班长", ("agent", "team_lead")),
        ("咨询师;培训师", ("social_worker", "trainer")),
        ("人事, 中心经理, 管理员", ("hr", "manager", "admin")),
        ("HR", ("hr",)),
        ("质检", ("trainer",)),
        ("Team lead", ("team_lead",)),
    ],
)
def test_roles_in_chinese_or_english(tmp_path: Path, roles: str, expected: tuple[str, ...]) -> None:
    path = write(tmp_path, "p.csv", f'employee_id,name,roles\n1,A,"{roles}"\n')
    assert read_people_file(path).records[0].roles == expected
