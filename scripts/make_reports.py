"""Write the sample reports in data/samples/reports/ (PDF, DOCX, HTML, Markdown, text; en + zh).

    .venv/bin/python scripts/make_reports.py [--out data/samples/reports]

The texts are written for this project about the sample domains (Jilin/Changchun biomass:
straw-based cellulosic ethanol, pretreatment, PLA, biogas; coal mining and clean coal). They
name experts and institutions of data/samples/experts.csv and institutions.csv, technologies of
ontology/vocab/technologies.csv, and chain relations. Chinese PDFs embed Noto Sans CJK (Debian
fonts-noto-cjk); pass --font to use another CJK font file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

REPORTS: dict[str, tuple[str, str, list[str]]] = {
    "jilin_straw_ethanol_2024": (
        "en",
        "Straw-based Cellulosic Ethanol in Jilin Province: Industry Report 2024",
        [
            "Jilin Province produces more than 40 million tonnes of corn straw every year, and the provincial government treats straw utilisation as a priority of its biomass industry.",
            "Corn straw is the main raw material of cellulosic ethanol in Jilin. COFCO Biochemical Energy (Yushu) Co., Ltd. operates a cellulosic ethanol demonstration line in Yushu and develops steam explosion pretreatment at industrial scale.",
            "Senior engineer Zhen Sun of COFCO Biochemical Energy (Yushu) Co., Ltd. works on steam explosion pretreatment and lactic acid fermentation.",
            "Lei Zhang of Jilin University works on enzymatic hydrolysis and nanocellulose. Jilin University develops cellulosic ethanol processes with its industrial partners.",
            "Enzymatic hydrolysis is upstream of cellulosic ethanol fermentation, and the cost of cellulase remains the largest operating expense after feedstock.",
            "Jilin Fuel Alcohol Co., Ltd. supplies fuel ethanol to blending terminals across Northeast China.",
            "Dilute acid pretreatment is cheaper to install but yields more fermentation inhibitors than steam explosion pretreatment.",
            "Hao Cheng of Jilin University specializes in cellulosic ethanol and nanocellulose, and advises the Yushu plant on lignin recovery.",
            "The report recommends that Changchun build a straw collection network before more ethanol capacity is added.",
        ],
    ),
    "changchun_bio_materials_2024": (
        "en",
        "Bio-based Materials in Changchun: PLA and Beyond (2024)",
        [
            "Changchun hosts one of the strongest research clusters for bio-based polymer materials in China.",
            "Wei Li of Changchun Institute of Applied Chemistry works on polylactic acid and lactic acid. The Changchun Institute of Applied Chemistry develops polylactic acid resins with partners in Jilin.",
            "Lactic acid is a raw material of polylactic acid. Corn starch is a raw material of lactic acid in the Changchun plants.",
            "Xiaoming Wang, a researcher at Changchun Institute of Applied Chemistry, focuses on starch-based plastics and polylactic acid.",
            "Cheng Tang of Changchun University of Technology works on bio-based ethylene glycol and alkaline pretreatment.",
            "Zhejiang Hisun Biomaterials Co., Ltd. produces polylactic acid and buys lactide from suppliers in Jilin.",
            "Polybutylene succinate and polyhydroxyalkanoates are smaller markets, but Jianyu Jiang of Changchun Institute of Applied Chemistry studies both.",
            "Packaging converters are downstream of PLA resin producers, which in turn depend on lactic acid supply.",
        ],
    ),
    "clean_coal_briefing_2023": (
        "en",
        "Clean Coal Technology Briefing 2023",
        [
            "Coal still supplies more than half of China's primary energy, so clean coal technologies remain a national priority.",
            "Wei Li of China University of Mining and Technology works on coal preparation and mine safety monitoring.",
            "China University of Mining and Technology develops coal preparation and intelligent coal mining with partners in Xuzhou.",
            "Liang Li of China University of Mining and Technology specializes in coal mine methane drainage.",
            "Coal is a raw material of coal gasification. Coal gasification is upstream of coal-to-olefins.",
            "China Energy Investment Corporation operates coal liquefaction and coal-to-olefins plants in Ningxia and Inner Mongolia.",
            "The Institute of Coal Chemistry, Chinese Academy of Sciences develops coal gasification and coal liquefaction catalysts in Taiyuan.",
            "Carbon capture utilization and storage is still expensive for coal power plants.",
        ],
    ),
    "biogas_jilin_notes": (
        "en",
        "Biogas in Rural Jilin: Field Notes",
        [
            "Biogas plants in Siping and Baicheng digest livestock manure and corn straw.",
            "Professor Guang Bai of Jilin Agricultural University works on biogas and biomass pellet fuel.",
            "Ji Zhang of Jilin Agricultural University studies biological pretreatment of straw for anaerobic digestion.",
            "Corn straw is a feedstock of biogas in winter, when manure alone digests poorly.",
        ],
    ),
    "jilin_straw_ethanol_zh": (
        "zh",
        "吉林省秸秆纤维素乙醇产业发展报告（2024）",
        [
            "吉林省每年产生玉米秸秆四千万吨以上，秸秆综合利用是全省生物质产业的重点。",
            "玉米秸秆是纤维素乙醇的主要原料。中粮生化能源(榆树)有限公司在榆树建成了纤维素乙醇示范线。",
            "中粮生化能源(榆树)有限公司孙振高级工程师长期从事蒸汽爆破预处理研究。",
            "吉林大学张磊研究员致力于酶水解和纳米纤维素研究。",
            "酶水解是纤维素乙醇的上游环节，纤维素酶成本仍然较高。",
            "吉林燃料乙醇有限责任公司向东北地区供应燃料乙醇。",
            "吉林大学程浩副教授从事纤维素乙醇研究。",
            "报告建议长春市先建设秸秆收储运体系，再扩大乙醇产能。",
        ],
    ),
    "changchun_pla_zh": (
        "zh",
        "长春聚乳酸产业链调研报告",
        [
            "长春市是我国生物基材料研发的重要基地。",
            "中国科学院长春应用化学研究所李伟研究员团队长期从事聚乳酸研究。",
            "乳酸是聚乳酸的原料。玉米淀粉是乳酸的主要原料。",
            "中国科学院长春应用化学研究所王晓明研究员专注于淀粉基塑料研究。",
            "长春工业大学唐成研究员从事生物基乙二醇研究。",
            "浙江海正生物材料股份有限公司研发聚乳酸改性材料。",
            "中国科学院长春应用化学研究所蒋建俊院士致力于生物基高分子材料研究。",
        ],
    ),
    "clean_coal_zh": (
        "zh",
        "煤炭清洁高效利用技术简报（2023）",
        [
            "煤炭仍占我国一次能源消费的一半以上，清洁煤技术是国家能源战略的重点。",
            "中国矿业大学李伟副研究员从事选煤和矿井安全监测研究。",
            "中国矿业大学李良副教授致力于瓦斯抽采研究。",
            "煤炭是煤气化的原料。煤气化是煤制烯烃的上游。",
            "国家能源投资集团有限责任公司在宁夏建成了煤液化示范装置。",
            "中国科学院山西煤炭化学研究所研发煤气化和煤液化催化剂。",
            "中国矿业大学阎志研究员从事选煤研究。",
        ],
    ),
    "biogas_jilin_zh": (
        "zh",
        "吉林省农村沼气发展简况",
        [
            "四平市和白城市的沼气工程以畜禽粪便和玉米秸秆为原料。",
            "吉林农业大学白光教授长期从事生物燃气和生物质成型燃料研究。",
            "吉林农业大学张继副研究员从事生物预处理研究。",
        ],
    ),
}
FORMATS = {
    "jilin_straw_ethanol_2024": "pdf",
    "changchun_bio_materials_2024": "docx",
    "clean_coal_briefing_2023": "html",
    "biogas_jilin_notes": "md",
    "jilin_straw_ethanol_zh": "pdf",
    "changchun_pla_zh": "docx",
    "clean_coal_zh": "html",
    "biogas_jilin_zh": "txt",
}


def write_pdf(path: Path, lang: str, title: str, paras: list[str], font: str) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_creation_date(__import__("datetime").datetime(2024, 6, 1))
    pdf.add_page()
    if lang == "zh":
        pdf.add_font("cjk", "", font)
        pdf.set_font("cjk", size=12)
    else:
        pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 8, title)
    pdf.ln(4)
    for p in paras:
        pdf.multi_cell(0, 7, p)
        pdf.ln(3)
    pdf.output(str(path))


def write_docx(path: Path, title: str, paras: list[str]) -> None:
    import docx

    d = docx.Document()
    d.core_properties.title = title
    d.add_heading(title, level=0)
    for p in paras:
        d.add_paragraph(p)
    d.save(str(path))


def write_html(path: Path, lang: str, title: str, paras: list[str]) -> None:
    from html import escape

    body = "\n".join(f"<p>{escape(p)}</p>" for p in paras)
    path.write_text(
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>\n<style>p {{ margin: 1em }}</style>"
        f"<script>console.log('ignored')</script></head>\n<body>\n<h1>{escape(title)}</h1>\n"
        f"{body}\n</body>\n</html>\n",
        encoding="utf-8",
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "data" / "samples" / "reports"))
    ap.add_argument("--font", default=FONT)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, (lang, title, paras) in REPORTS.items():
        fmt = FORMATS[name]
        path = out / f"{name}.{fmt}"
        if fmt == "pdf":
            write_pdf(path, lang, title, paras, args.font)
        elif fmt == "docx":
            write_docx(path, title, paras)
        elif fmt == "html":
            write_html(path, lang, title, paras)
        elif fmt == "md":
            path.write_text(f"# {title}\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
        else:
            path.write_text(title + "\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
