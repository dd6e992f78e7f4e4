"""Files of another Jobcenter (a Bavarian one), in every data format the upload accepts, and the
sample's values that must never show up once such a file is loaded (issue 12).

The Jobcenter is invented: JC Landkreis Altmühltal (JC91777), Bavaria, BG 8.123, Bezugszeitraum
01/2024–09/2024, served by the Service Center Nürnberg. The files are written by the project's
own writers (the planning-aid layout, the data template, the scenario file), as a user would
download and fill them.
"""

from __future__ import annotations

from o7core.model import MonthData
from o7core.month import Month
from o7core.scenario import AgreementTexts, Jobcenter, Scenario, scenario_to_json
from o7core.template import months_to_csv, months_to_xlsx
from scripts.planning_aid_export import planning_aid_text, planning_aid_xlsx

NAME = "JC Landkreis Altmühltal"
JCNR = "JC91777"
BG = 8123
SERVICE_CENTER = "Service Center Nürnberg"

#: What the sample (JC Göppingen, Service Center Freiburg) brings and another Jobcenter's pages must not show.
SAMPLE_VALUES = (
    "Göppingen",
    "Goeppingen",
    "Freiburg",
    "JC62106",
    "62106",
    "5.642",
    "6.032",
    "07.11.2022",
    "Südwest",
    "09/2021",
    "08/2022",
)


def other_months() -> tuple[MonthData, ...]:
    """Nine months 01–09/2024 of plausible counts for a Jobcenter with about 8 000 BG."""
    calls = (10412, 9876, 9530, 9214, 8891, 8640, 9105, 9388, 9702)
    return tuple(
        MonthData(
            Month(2024, 1).shift(i),
            calls=float(c),
            repeat_calls=float(round(c * 0.12)),
            forwarded_calls=float(round(c * 0.03)),
            conversations=float(round(c * 0.61)),
            voicebox_messages=float(300 + 7 * i),
            emails=float(45 + i),
        )
        for i, c in enumerate(calls)
    )


def other_jobcenter() -> Jobcenter:
    return Jobcenter(
        name=NAME,
        jcnr=JCNR,
        region="Süd",
        regional_directorate="Bayern",
        state="BY",
        bg_count=BG,
        fte_jobcenter=6.4,
        fte_additional=0.5,
    )


def other_scenario() -> Scenario:
    """What the planning aid of the other Jobcenter contains (its own percentages and target)."""
    base = Scenario(jobcenter=other_jobcenter(), months=other_months())
    return base.with_parameters(share_forwarded=0.5, share_repeat_deduction=0.8, target_reachability=0.6)


def other_full_scenario() -> Scenario:
    """A complete scenario file of the other Jobcenter: its own Service Center, contract year, places."""
    return Scenario(
        jobcenter=other_jobcenter(),
        service_center=SERVICE_CENTER,
        contract_year=2025,
        term_years=2,
        bg_count_contract_year=8200,
        agreement=AgreementTexts(
            place_service_center="Nürnberg",
            date_service_center="03.02.2025",
            place_jobcenter="Eichstätt",
            date_jobcenter="04.02.2025",
        ),
        months=other_months(),
    ).with_parameters(target_reachability=0.6)


def planning_aid_xlsx_bytes() -> bytes:
    return planning_aid_xlsx(other_scenario())


def planning_aid_text_bytes() -> bytes:
    return planning_aid_text(other_scenario())


def template_xlsx_bytes() -> bytes:
    return months_to_xlsx(other_scenario())


def template_csv_bytes() -> bytes:
    return months_to_csv(other_scenario())


def scenario_json_bytes() -> bytes:
    return scenario_to_json(other_full_scenario()).encode("utf-8")


#: format id → (file name, bytes builder); every data format the start page accepts
FILES = {
    "planungshilfe_xlsx": ("Planungshilfe_Altmuehltal.xlsx", planning_aid_xlsx_bytes),
    "planungshilfe_text": ("Planungshilfe_Altmuehltal.txt", planning_aid_text_bytes),
    "vorlage_xlsx": ("Datenvorlage_Altmuehltal.xlsx", template_xlsx_bytes),
    "vorlage_csv": ("Datenvorlage_Altmuehltal.csv", template_csv_bytes),
    "szenario_json": ("Szenario_Altmuehltal.json", scenario_json_bytes),
}
