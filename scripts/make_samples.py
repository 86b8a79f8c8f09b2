"""Generate the realistic sample data in ``data/samples/`` (deterministic, seeded).

Run: ``.venv/bin/python scripts/make_samples.py``. The script is the source of truth: it writes
the same bytes on every run. Two domains: the biomass industry around Jilin/Changchun and the
coal industry (Shanxi, Inner Mongolia, Shaanxi, Xuzhou). People, emails, phones, ORCIDs, DOIs,
patent numbers and project numbers are fictional; real public institutions keep their real
names (and ROR ids only where certain). The hand-written name lists and title templates live in
``scripts/sample_lists.py``-free form here, so one file regenerates everything.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.loaders.chain_format import KINDS  # noqa: E402  (the chain files' columns)
from ingest.loaders.csv_tables import TABLES  # noqa: E402  (the records tables' columns)

OUT = ROOT / "data" / "samples"
GOLD_OUT = ROOT / "tests" / "gold"  # evaluation data stays out of the ingestible samples
SEED = 20240611
TECH_CSV = ROOT / "ontology" / "vocab" / "technologies.csv"
REAL_OPENALEX = ROOT.parent / "shared" / "data" / "sample-openalex" / "openalex_entity_samples.json"

# fmt: off
# =========================================================================== content
# Hand-written lists. Coordinates are WGS84 city centres; ROR ids only where certain.
REGIONS = [
    # region_id, name, name_zh, country, parent_id, lat, lon
    ("CHN", "China", "中国", "CHN", "", 35.8617, 104.1954),
    ("CN-JL", "Jilin", "吉林省", "CHN", "CHN", 43.6661, 126.1923),
    ("CN-JL-changchun", "Changchun", "长春市", "CHN", "CN-JL", 43.8171, 125.3235),
    ("CN-JL-yushu", "Yushu", "榆树市", "CHN", "CN-JL-changchun", 44.8400, 126.5330),
    ("CN-JL-gongzhuling", "Gongzhuling", "公主岭市", "CHN", "CN-JL-changchun", 43.5045, 124.8229),
    ("CN-JL-jilin", "Jilin City", "吉林市", "CHN", "CN-JL", 43.8378, 126.5496),
    ("CN-JL-songyuan", "Songyuan", "松原市", "CHN", "CN-JL", 45.1411, 124.8251),
    ("CN-JL-siping", "Siping", "四平市", "CHN", "CN-JL", 43.1664, 124.3504),
    ("CN-JL-baicheng", "Baicheng", "白城市", "CHN", "CN-JL", 45.6196, 122.8390),
    ("CN-HL", "Heilongjiang", "黑龙江省", "CHN", "CHN", 47.8620, 127.7615),
    ("CN-HL-harbin", "Harbin", "哈尔滨市", "CHN", "CN-HL", 45.8038, 126.5350),
    ("CN-LN", "Liaoning", "辽宁省", "CHN", "CHN", 41.2956, 122.6085),
    ("CN-LN-dalian", "Dalian", "大连市", "CHN", "CN-LN", 38.9140, 121.6147),
    ("CN-BJ", "Beijing", "北京市", "CHN", "CHN", 39.9042, 116.4074),
    ("CN-TJ", "Tianjin", "天津市", "CHN", "CHN", 39.3434, 117.3616),
    ("CN-SH", "Shanghai", "上海市", "CHN", "CHN", 31.2304, 121.4737),
    ("CN-SX", "Shanxi", "山西省", "CHN", "CHN", 37.5777, 112.2922),
    ("CN-SX-taiyuan", "Taiyuan", "太原市", "CHN", "CN-SX", 37.8706, 112.5489),
    ("CN-SX-datong", "Datong", "大同市", "CHN", "CN-SX", 40.0768, 113.3001),
    ("CN-SX-jincheng", "Jincheng", "晋城市", "CHN", "CN-SX", 35.4907, 112.8513),
    ("CN-SX-changzhi", "Changzhi", "长治市", "CHN", "CN-SX", 36.1954, 113.1163),
    ("CN-NM", "Inner Mongolia", "内蒙古自治区", "CHN", "CHN", 44.0935, 113.9448),
    ("CN-NM-ordos", "Ordos", "鄂尔多斯市", "CHN", "CN-NM", 39.6086, 109.7810),
    ("CN-NM-baotou", "Baotou", "包头市", "CHN", "CN-NM", 40.6574, 109.8403),
    ("CN-NM-hohhot", "Hohhot", "呼和浩特市", "CHN", "CN-NM", 40.8427, 111.7492),
    ("CN-SN", "Shaanxi", "陕西省", "CHN", "CHN", 35.1917, 108.8701),
    ("CN-SN-xian", "Xi'an", "西安市", "CHN", "CN-SN", 34.3416, 108.9398),
    ("CN-SN-yulin", "Yulin", "榆林市", "CHN", "CN-SN", 38.2852, 109.7341),
    ("CN-NX", "Ningxia", "宁夏回族自治区", "CHN", "CHN", 37.2692, 106.1655),
    ("CN-NX-yinchuan", "Yinchuan", "银川市", "CHN", "CN-NX", 38.4872, 106.2309),
    ("CN-JS", "Jiangsu", "江苏省", "CHN", "CHN", 32.9711, 119.4550),
    ("CN-JS-xuzhou", "Xuzhou", "徐州市", "CHN", "CN-JS", 34.2058, 117.2842),
    ("CN-JS-nanjing", "Nanjing", "南京市", "CHN", "CN-JS", 32.0603, 118.7969),
    ("CN-SD", "Shandong", "山东省", "CHN", "CHN", 36.3427, 118.1498),
    ("CN-SD-qingdao", "Qingdao", "青岛市", "CHN", "CN-SD", 36.0671, 120.3826),
    ("CN-SD-zoucheng", "Zoucheng", "邹城市", "CHN", "CN-SD", 35.4053, 116.9730),
    ("CN-SD-jinan", "Jinan", "济南市", "CHN", "CN-SD", 36.6512, 117.1201),
    ("CN-AH", "Anhui", "安徽省", "CHN", "CHN", 31.8257, 117.2264),
    ("CN-AH-huainan", "Huainan", "淮南市", "CHN", "CN-AH", 32.6255, 116.9998),
    ("CN-HA", "Henan", "河南省", "CHN", "CHN", 33.8820, 113.6140),
    ("CN-HA-zhengzhou", "Zhengzhou", "郑州市", "CHN", "CN-HA", 34.7466, 113.6253),
    ("CN-GD", "Guangdong", "广东省", "CHN", "CHN", 23.3790, 113.7633),
    ("CN-GD-guangzhou", "Guangzhou", "广州市", "CHN", "CN-GD", 23.1291, 113.2644),
    ("CN-ZJ", "Zhejiang", "浙江省", "CHN", "CHN", 29.1416, 119.7889),
    ("CN-ZJ-taizhou", "Taizhou", "台州市", "CHN", "CN-ZJ", 28.6564, 121.4208),
    ("USA", "United States", "美国", "USA", "", 39.8283, -98.5795),
    ("USA-golden", "Golden, Colorado", "戈尔登", "USA", "USA", 39.7555, -105.2211),
    ("USA-minnetonka", "Minnetonka, Minnesota", "明尼通卡", "USA", "USA", 44.9133, -93.5033),
    ("USA-newyork", "New York", "纽约", "USA", "USA", 40.7128, -74.0060),
    ("USA-madison", "Madison, Wisconsin", "麦迪逊", "USA", "USA", 43.0731, -89.4012),
    ("DNK", "Denmark", "丹麦", "DNK", "", 56.2639, 9.5018),
    ("DNK-bagsvaerd", "Bagsværd", "巴格斯韦德", "DNK", "DNK", 55.7617, 12.4489),
    ("DNK-lyngby", "Kongens Lyngby", "灵比", "DNK", "DNK", 55.7704, 12.5038),
    ("FIN", "Finland", "芬兰", "FIN", "", 61.9241, 25.7482),
    ("FIN-espoo", "Espoo", "埃斯波", "FIN", "FIN", 60.2055, 24.6559),
    ("NLD", "Netherlands", "荷兰", "NLD", "", 52.1326, 5.2913),
    ("NLD-gorinchem", "Gorinchem", "霍林赫姆", "NLD", "NLD", 51.8372, 4.9742),
    ("NLD-wageningen", "Wageningen", "瓦赫宁根", "NLD", "NLD", 51.9692, 5.6654),
    ("DEU", "Germany", "德国", "DEU", "", 51.1657, 10.4515),
    ("CHE", "Switzerland", "瑞士", "CHE", "", 46.8182, 8.2275),
    ("CHE-muttenz", "Muttenz", "穆滕茨", "CHE", "CHE", 47.5228, 7.6452),
    ("SWE", "Sweden", "瑞典", "SWE", "", 60.1282, 18.6435),
    ("SWE-lund", "Lund", "隆德", "SWE", "SWE", 55.7047, 13.1910),
    ("AUS", "Australia", "澳大利亚", "AUS", "", -25.2744, 133.7751),
    ("AUS-newcastle", "Newcastle, New South Wales", "纽卡斯尔", "AUS", "AUS", -32.9283, 151.7817),
    ("ZAF", "South Africa", "南非", "ZAF", "", -30.5595, 22.9375),
    ("ZAF-johannesburg", "Johannesburg", "约翰内斯堡", "ZAF", "ZAF", -26.2041, 28.0473),
    ("JPN", "Japan", "日本", "JPN", "", 36.2048, 138.2529),
    ("THA", "Thailand", "泰国", "THA", "", 15.8700, 100.9925),
]


def _i(iid: str, name: str, zh: str, acr: str, typ: str, country: str, region: str, city: str,
       techs: str = "", **kw: object) -> dict:
    d = {"institution_id": iid, "name": name, "name_zh": zh, "acronym": acr, "type": typ,
         "country": country, "region": region, "city": city,
         "technologies": [t for t in techs.split() if t]}
    d.update(kw)
    d.setdefault("alt_names", [])
    return d


UNI, RI, ENT, GOV, LIB, ALL = ("university", "research_institute", "enterprise", "government",
                               "library", "alliance")
BMF = "bm-fuel-cellet bm-pre-steam bm-pre-enzyme"
INSTITUTIONS = [
    # ---- Chinese Academy of Sciences and its institutes
    _i("inst-cas", "Chinese Academy of Sciences", "中国科学院", "CAS", RI, "CHN", "CN-BJ",
       "Beijing", alt_names=["Academia Sinica (Beijing)"], domain="cas.cn", area="10",
       variants=["CAS", "中科院", "Chinese Acad. Sci.", "Chinese Academy of Science"]),
    _i("inst-ciac", "Changchun Institute of Applied Chemistry, Chinese Academy of Sciences",
       "中国科学院长春应用化学研究所", "CIAC", RI, "CHN", "CN-JL-changchun", "Changchun",
       "bm-poly-pla bm-poly bm-chem-lactic bm-poly-pha bm-poly-pbs bm-poly-starch bm-poly-lignin "
       "bm-pre-il", ror="034t3zs45", parent_id="inst-cas", weight=12, domain="ciac.ac.cn",
       alt_names=["Changchun Institute of Applied Chemistry"],
       variants=["CAS Changchun Institute of Applied Chemistry", "Changchun Inst. Appl. Chem.",
                 "长春应化所", "中科院长春应化所", "Changchun Inst Appl Chem, CAS", "CIAC",
                 "Changchun Institute of Applied Chemistry, CAS"],
       depts=["State Key Laboratory of Polymer Physics and Chemistry, ",
              "Key Laboratory of Polymer Ecomaterials, ", ""]),
    _i("inst-dicp", "Dalian Institute of Chemical Physics, Chinese Academy of Sciences",
       "中国科学院大连化学物理研究所", "DICP", RI, "CHN", "CN-LN-dalian", "Dalian",
       "bm-chem-glycol coal-clean-olefins bm-chem-furfural bm-fuel-jet", parent_id="inst-cas",
       weight=5, domain="dicp.ac.cn", area="411",
       variants=["Dalian Inst. Chem. Phys.", "大连化物所", "DICP, CAS",
                 "Dalian Institute of Chemical Physics"],
       depts=["Dalian National Laboratory for Clean Energy, ", ""]),
    _i("inst-icc", "Institute of Coal Chemistry, Chinese Academy of Sciences",
       "中国科学院山西煤炭化学研究所", "ICC", RI, "CHN", "CN-SX-taiyuan", "Taiyuan",
       "coal-clean-liquef coal-clean-gasif coal-clean-olefins", parent_id="inst-cas", weight=4,
       domain="sxicc.ac.cn", area="351",
       variants=["山西煤化所", "Inst. Coal Chem., CAS", "ICC-CAS", "Shanxi Institute of Coal "
                 "Chemistry"]),
    _i("inst-qibebt", "Qingdao Institute of Bioenergy and Bioprocess Technology, Chinese Academy "
       "of Sciences", "中国科学院青岛生物能源与过程研究所", "QIBEBT", RI, "CHN",
       "CN-SD-qingdao", "Qingdao", "bm-fuel-jet bm-pre-enzyme bm-fuel-cellet",
       parent_id="inst-cas", weight=4, domain="qibebt.ac.cn", area="532",
       variants=["青岛能源所", "Qingdao Inst. Bioenergy Bioprocess Technol."]),
    _i("inst-giec", "Guangzhou Institute of Energy Conversion, Chinese Academy of Sciences",
       "中国科学院广州能源研究所", "GIEC", RI, "CHN", "CN-GD-guangzhou", "Guangzhou",
       "bm-fuel-gasif bm-fuel-pyro bm-fuel-pellet bm-fuel-biodiesel", parent_id="inst-cas",
       weight=4, domain="ms.giec.ac.cn", area="20",
       variants=["广州能源所", "Guangzhou Inst. Energy Convers."]),
    _i("inst-nslc", "National Science Library, Chinese Academy of Sciences",
       "中国科学院文献情报中心", "NSLC", LIB, "CHN", "CN-BJ", "Beijing",
       "bm bm-fuel bm-chem bm-poly", parent_id="inst-cas", weight=0, domain="mail.las.ac.cn",
       area="10", alt_names=["National Science Library, CAS"],
       variants=["中科院文献情报中心", "NSLC", "National Science Library (CAS)",
                 "Natl. Sci. Libr., Chinese Acad. Sci.", "中国科学院国家科学图书馆"]),
    # ---- universities
    _i("inst-jlu", "Jilin University", "吉林大学", "JLU", UNI, "CHN", "CN-JL-changchun",
       "Changchun", "bm-pre-enzyme bm-fuel-cellet bm-fuel-biogas bm-chem-succinic "
       "bm-poly-nanocell bm-pre-bio", ror="00js3aw79", weight=10, domain="jlu.edu.cn",
       variants=["Jilin Univ.", "吉大", "JLU", "Jilin University, Changchun",
                 "College of Chemistry, Jilin University"],
       depts=["College of Chemistry, ", "School of Life Sciences, ",
              "Key Laboratory of Molecular Enzymology and Engineering, "]),
    _i("inst-nenu", "Northeast Normal University", "东北师范大学", "NENU", UNI, "CHN",
       "CN-JL-changchun", "Changchun", "bm-pre-il bm-chem-furfural bm-poly-lignin", weight=4,
       domain="nenu.edu.cn", variants=["Northeast Normal Univ.", "东北师大", "NENU"]),
    _i("inst-ccut", "Changchun University of Technology", "长春工业大学", "CCUT", UNI, "CHN",
       "CN-JL-changchun", "Changchun", "bm-chem-lactic bm-chem-butanol bm-pre-alkali "
       "bm-chem-glycol", weight=5, domain="ccut.edu.cn",
       variants=["Changchun Univ. Technol.", "长春工大", "CCUT"]),
    _i("inst-jlau", "Jilin Agricultural University", "吉林农业大学", "JLAU", UNI, "CHN",
       "CN-JL-changchun", "Changchun", "bm-fuel-biogas bm-fuel-pellet bm-pre-bio", weight=4,
       domain="jlau.edu.cn", variants=["Jilin Agric. Univ.", "吉农", "JLAU"]),
    _i("inst-jlict", "Jilin Institute of Chemical Technology", "吉林化工学院", "JLICT", UNI,
       "CHN", "CN-JL-jilin", "Jilin", "bm-chem-lactic bm-pre-alkali bm-chem-glycol", weight=3,
       domain="jlict.edu.cn", area="432", variants=["Jilin Inst. Chem. Technol.", "吉化院"]),
    _i("inst-nefu", "Northeast Forestry University", "东北林业大学", "NEFU", UNI, "CHN",
       "CN-HL-harbin", "Harbin", "bm-poly-nanocell bm-poly-lignin bm-fuel-pyro bm-fuel-pellet",
       weight=4, domain="nefu.edu.cn", area="451",
       variants=["Northeast Forestry Univ.", "东北林大"]),
    _i("inst-tsinghua", "Tsinghua University", "清华大学", "THU", UNI, "CHN", "CN-BJ", "Beijing",
       "bm-fuel-biodiesel coal-clean-gasif coal-clean-ccus coal-clean-usc bm-fuel-cellet",
       ror="03cve4549", weight=6, domain="tsinghua.edu.cn", area="10",
       variants=["Tsinghua Univ.", "THU", "Department of Energy and Power Engineering, Tsinghua "
                 "University", "清华"],
       depts=["Department of Chemical Engineering, ", "Department of Energy and Power "
              "Engineering, "]),
    _i("inst-cumt", "China University of Mining and Technology", "中国矿业大学", "CUMT", UNI,
       "CHN", "CN-JS-xuzhou", "Xuzhou", "coal-mining-longwall coal-mining-backfill "
       "coal-mining-methane coal-mining-safety coal-clean-prep coal-mining-smart",
       ror="01xt2dr21", weight=12, domain="cumt.edu.cn", area="516",
       alt_names=["China University of Mining & Technology"],
       variants=["China Univ. Min. Technol.", "中国矿大", "CUMT", "China University of Mining "
                 "and Technology, Xuzhou", "China Univ Min & Technol"],
       depts=["State Key Laboratory for Geomechanics and Deep Underground Engineering, ",
              "School of Mines, ", "School of Safety Engineering, "]),
    _i("inst-cumtb", "China University of Mining and Technology (Beijing)",
       "中国矿业大学（北京）", "CUMTB", UNI, "CHN", "CN-BJ", "Beijing",
       "coal-mining-smart coal-mining-safety coal-clean-prep", weight=5, domain="cumtb.edu.cn",
       area="10", variants=["China Univ. Min. Technol. (Beijing)", "中国矿大（北京）", "CUMTB",
                            "China University of Mining and Technology-Beijing"]),
    _i("inst-ecust", "East China University of Science and Technology", "华东理工大学", "ECUST",
       UNI, "CHN", "CN-SH", "Shanghai", "coal-clean-gasif bm-fuel-gasif", weight=4,
       domain="ecust.edu.cn", area="21",
       variants=["East China Univ. Sci. Technol.", "华东理工", "ECUST"]),
    _i("inst-tyut", "Taiyuan University of Technology", "太原理工大学", "TYUT", UNI, "CHN",
       "CN-SX-taiyuan", "Taiyuan", "coal-mining-methane coal-clean-prep coal-clean-gasif",
       weight=5, domain="tyut.edu.cn", area="351",
       variants=["Taiyuan Univ. Technol.", "太原理工", "TYUT"]),
    _i("inst-xust", "Xi'an University of Science and Technology", "西安科技大学", "XUST", UNI,
       "CHN", "CN-SN-xian", "Xi'an", "coal-mining-safety coal-mining-methane coal-mining-smart",
       weight=5, domain="xust.edu.cn", area="29",
       variants=["Xi'an Univ. Sci. Technol.", "西科大", "XUST"]),
    _i("inst-sdust", "Shandong University of Science and Technology", "山东科技大学", "SDUST",
       UNI, "CHN", "CN-SD-qingdao", "Qingdao", "coal-mining-safety coal-mining-backfill",
       weight=4, domain="sdust.edu.cn", area="532",
       variants=["Shandong Univ. Sci. Technol.", "山科大"]),
    _i("inst-aust", "Anhui University of Science and Technology", "安徽理工大学", "AUST", UNI,
       "CHN", "CN-AH-huainan", "Huainan", "coal-mining-methane coal-mining-safety", weight=3,
       domain="aust.edu.cn", area="554", variants=["Anhui Univ. Sci. Technol.", "安理工"]),
    _i("inst-imut", "Inner Mongolia University of Technology", "内蒙古工业大学", "IMUT", UNI,
       "CHN", "CN-NM-hohhot", "Hohhot", "coal-clean-gasif coal-mining-backfill", weight=2,
       domain="imut.edu.cn", area="471", variants=["Inner Mongolia Univ. Technol.", "内工大"]),
    _i("inst-tju", "Tianjin University", "天津大学", "TJU", UNI, "CHN", "CN-TJ", "Tianjin",
       "bm-fuel-jet bm-chem-succinic bm-pre-enzyme", weight=4, domain="tju.edu.cn", area="22",
       variants=["Tianjin Univ.", "天大"]),
    _i("inst-njtech", "Nanjing Tech University", "南京工业大学", "NJTECH", UNI, "CHN",
       "CN-JS-nanjing", "Nanjing", "bm-chem-succinic bm-chem-butanol bm-poly-pbs", weight=4,
       domain="njtech.edu.cn", area="25", variants=["Nanjing Tech Univ.", "南工大"]),
    _i("inst-buct", "Beijing University of Chemical Technology", "北京化工大学", "BUCT", UNI,
       "CHN", "CN-BJ", "Beijing", "bm-chem-butanol bm-fuel-biodiesel bm-fuel-biogas", weight=4,
       domain="buct.edu.cn", area="10", variants=["Beijing Univ. Chem. Technol.", "北化"]),
    _i("inst-scut", "South China University of Technology", "华南理工大学", "SCUT", UNI, "CHN",
       "CN-GD-guangzhou", "Guangzhou", "bm-poly-lignin bm-poly-nanocell bm-pre-acid", weight=4,
       domain="scut.edu.cn", area="20", variants=["South China Univ. Technol.", "华南理工"]),
    # ---- provincial / sectoral research institutes
    _i("inst-jaas", "Jilin Academy of Agricultural Sciences", "吉林省农业科学院", "JAAS", RI,
       "CHN", "CN-JL-changchun", "Changchun", "bm-fuel-biogas bm-fuel-pellet bm-pre-bio",
       weight=4, domain="jaas.com.cn", variants=["吉林省农科院", "Jilin Acad. Agric. Sci."]),
    _i("inst-ccri", "China Coal Research Institute", "煤炭科学研究总院", "CCRI", RI, "CHN",
       "CN-BJ", "Beijing", "coal-mining-longwall coal-mining-smart coal-mining-methane "
       "coal-clean-liquef coal-clean-prep", parent_id="inst-cctegco", weight=9,
       domain="ccri.com.cn", area="10",
       variants=["煤科总院", "China Coal Res. Inst.", "CCRI", "China Coal Research Institute Co."
                 ", Ltd."]),
    _i("inst-jlisti", "Jilin Institute of Scientific and Technical Information",
       "吉林省科学技术信息研究所", "", LIB, "CHN", "CN-JL-changchun", "Changchun", "bm",
       weight=0, variants=["吉林省科技信息所"]),
    # ---- foreign research
    _i("inst-nrel", "National Renewable Energy Laboratory", "美国国家可再生能源实验室", "NREL", RI,
       "USA", "USA-golden", "Golden", "bm-pre-acid bm-pre-enzyme bm-fuel-cellet bm-fuel-jet "
       "bm-poly-lignin", ror="036266993",
       variants=["Natl. Renew. Energy Lab.", "National Renewable Energy Lab",
                 "NREL, Golden, CO", "美国可再生能源实验室"]),
    _i("inst-dtu", "Technical University of Denmark", "丹麦技术大学", "DTU", UNI, "DNK",
       "DNK-lyngby", "Kongens Lyngby", "bm-pre-enzyme bm-fuel-biogas bm-chem-lactic",
       alt_names=["Danmarks Tekniske Universitet"],
       variants=["Tech. Univ. Denmark", "DTU", "DTU Chemical Engineering"]),
    _i("inst-aalto", "Aalto University", "阿尔托大学", "", UNI, "FIN", "FIN-espoo", "Espoo",
       "bm-poly-nanocell bm-poly-lignin", alt_names=["Aalto-yliopisto"],
       variants=["Aalto Univ.", "School of Chemical Engineering, Aalto University"]),
    _i("inst-vtt", "VTT Technical Research Centre of Finland", "芬兰国家技术研究中心", "VTT", RI,
       "FIN", "FIN-espoo", "Espoo", "bm-fuel-pyro bm-poly-nanocell",
       variants=["VTT", "VTT Tech. Res. Ctr. Finland"]),
    _i("inst-wur", "Wageningen University & Research", "瓦赫宁根大学及研究中心", "WUR", UNI,
       "NLD", "NLD-wageningen", "Wageningen", "bm-chem-lactic bm-pre-bio bm-fuel-biogas",
       variants=["Wageningen Univ.", "Wageningen UR"]),
    _i("inst-lund", "Lund University", "隆德大学", "", UNI, "SWE", "SWE-lund", "Lund",
       "bm-pre-steam bm-fuel-cellet", alt_names=["Lunds universitet"], variants=["Lund Univ."]),
    _i("inst-uwm", "University of Wisconsin-Madison", "威斯康星大学麦迪逊分校", "UW-Madison",
       UNI, "USA", "USA-madison", "Madison", "bm-poly-lignin bm-chem-furfural",
       variants=["Univ. Wisconsin Madison", "UW–Madison"]),
    _i("inst-csiro", "Commonwealth Scientific and Industrial Research Organisation",
       "澳大利亚联邦科学与工业研究组织", "CSIRO", RI, "AUS", "AUS-newcastle", "Newcastle",
       "coal-clean-ccus coal-mining-smart", variants=["CSIRO Energy"]),
    # ---- Chinese enterprises
    _i("inst-cofco-yushu", "COFCO Biochemical Energy (Yushu) Co., Ltd.",
       "中粮生化能源(榆树)有限公司", "", ENT, "CHN", "CN-JL-yushu", "Yushu",
       BMF + " bm-chem-lactic", weight=3,
       variants=["COFCO Yushu", "中粮榆树", "COFCO Biochemical (Yushu)", "中粮生化榆树公司"]),
    _i("inst-jlfa", "Jilin Fuel Alcohol Co., Ltd.", "吉林燃料乙醇有限责任公司", "", ENT, "CHN",
       "CN-JL-jilin", "Jilin", BMF, weight=3, area="432",
       variants=["吉林燃料乙醇", "Jilin Fuel Ethanol Co.", "吉林燃乙醇公司"]),
    _i("inst-hisun", "Zhejiang Hisun Biomaterials Co., Ltd.", "浙江海正生物材料股份有限公司", "",
       ENT, "CHN", "CN-ZJ-taizhou", "Taizhou", "bm-poly-pla", weight=1, area="576",
       variants=["海正生物", "Hisun Biomaterials"]),
    _i("inst-chnenergy", "China Energy Investment Corporation", "国家能源投资集团有限责任公司",
       "CHN Energy", ENT, "CHN", "CN-BJ", "Beijing", "coal-clean-liquef coal-clean-olefins "
       "coal-mining-smart coal-clean-ccus", weight=3, area="10",
       alt_names=["China Energy", "国家能源集团"],
       variants=["国家能源集团", "CHN Energy", "China Energy Investment Corp.", "国家能源投资集团"]),
    _i("inst-shenhua", "China Shenhua Energy Company Limited", "中国神华能源股份有限公司",
       "China Shenhua", ENT, "CHN", "CN-BJ", "Beijing", "coal-mining-longwall coal-mining-smart",
       parent_id="inst-chnenergy", weight=3, area="10",
       variants=["中国神华", "Shenhua", "China Shenhua", "神华集团"]),
    _i("inst-ningxiacoal", "CHN Energy Ningxia Coal Industry Co., Ltd.",
       "国家能源集团宁夏煤业有限责任公司", "", ENT, "CHN", "CN-NX-yinchuan", "Yinchuan",
       "coal-clean-gasif coal-clean-liquef coal-clean-olefins", parent_id="inst-chnenergy",
       weight=2, area="951", variants=["宁夏煤业", "Ningxia Coal", "神华宁煤"]),
    _i("inst-shandongenergy", "Shandong Energy Group Co., Ltd.", "山东能源集团有限公司", "", ENT,
       "CHN", "CN-SD-jinan", "Jinan", "coal-mining-longwall coal-mining-backfill", weight=1,
       area="531", variants=["山东能源", "Shandong Energy"]),
    _i("inst-yankuang", "Yankuang Energy Group Company Limited", "兖矿能源集团股份有限公司", "",
       ENT, "CHN", "CN-SD-zoucheng", "Zoucheng", "coal-mining-longwall coal-clean-liquef "
       "coal-mining-backfill", parent_id="inst-shandongenergy", weight=2, area="537",
       alt_names=["Yanzhou Coal Mining Company Limited"],
       variants=["兖矿集团", "兖矿能源", "Yankuang Group", "Yanzhou Coal Mining Co."]),
    _i("inst-chinacoal", "China National Coal Group Corporation", "中国中煤能源集团有限公司",
       "China Coal", ENT, "CHN", "CN-BJ", "Beijing", "coal-mining-longwall coal-clean-olefins",
       weight=1, area="10", variants=["中煤集团", "ChinaCoal", "中煤能源"]),
    _i("inst-jinneng", "Jinneng Holding Group Co., Ltd.", "晋能控股集团有限公司", "", ENT, "CHN",
       "CN-SX-datong", "Datong", "coal-mining-longwall coal-mining-methane coal-mining-smart",
       weight=2, area="352", variants=["晋能控股", "Jinneng Holding"]),
    _i("inst-shccig", "Shaanxi Coal and Chemical Industry Group Co., Ltd.",
       "陕西煤业化工集团有限责任公司", "", ENT, "CHN", "CN-SN-xian", "Xi'an",
       "coal-mining-smart coal-clean-olefins coal-clean-gasif", weight=2, area="29",
       variants=["陕煤集团", "Shaanxi Coal Group", "陕西煤业化工集团"]),
    _i("inst-xzcoal", "Xuzhou Coal Mining Group Co., Ltd.", "徐州矿务集团有限公司", "", ENT,
       "CHN", "CN-JS-xuzhou", "Xuzhou", "coal-mining-backfill coal-mining-safety", weight=1,
       area="516", variants=["徐矿集团", "Xuzhou Mining Group"]),
    _i("inst-cctegco", "China Coal Technology & Engineering Group Corp.",
       "中国煤炭科工集团有限公司", "CCTEG", ENT, "CHN", "CN-BJ", "Beijing",
       "coal-mining-smart coal-mining-longwall coal-clean-prep", weight=1, area="10",
       variants=["中国煤科", "CCTEG", "煤炭科工集团"]),
    _i("inst-zmj", "Zhengzhou Coal Mining Machinery Group Co., Ltd.",
       "郑州煤矿机械集团股份有限公司", "ZMJ", ENT, "CHN", "CN-HA-zhengzhou", "Zhengzhou",
       "coal-mining-longwall coal-mining-smart", weight=1, area="371",
       variants=["郑煤机", "Zhengzhou Coal Mining Machinery"]),
    # fictional enterprises (names invented for the samples)
    _i("inst-lvyuan", "Changchun Lvyuan Straw Utilization Co., Ltd.",
       "长春绿源秸秆综合利用有限公司", "", ENT, "CHN", "CN-JL-changchun", "Changchun",
       "bm-fuel-pellet bm-pre-steam", uscc="gen", division="220100", weight=1,
       variants=["绿源秸秆", "Lvyuan Straw"]),
    _i("inst-songyuan-logistics", "Songyuan Straw Collection and Logistics Service Co., Ltd.",
       "松原市秸秆收储运服务有限公司", "", ENT, "CHN", "CN-JL-songyuan", "Songyuan",
       "bm-fuel-pellet", uscc="gen", division="220700", weight=0, area="438",
       variants=["松原秸秆收储运", "Songyuan Straw Logistics"]),
    _i("inst-xinhe-pla", "Changchun Xinhe PLA Technology Co., Ltd.",
       "长春新禾聚乳酸科技有限公司", "", ENT, "CHN", "CN-JL-changchun", "Changchun",
       "bm-poly-pla bm-chem-lactic", uscc="gen", division="220100", weight=1,
       variants=["新禾聚乳酸", "Xinhe PLA"]),
    _i("inst-ruifeng", "Gongzhuling Ruifeng Steam Explosion Equipment Co., Ltd.",
       "公主岭瑞丰汽爆装备有限公司", "", ENT, "CHN", "CN-JL-gongzhuling", "Gongzhuling",
       "bm-pre-steam", uscc="gen", division="220184", weight=0,
       variants=["瑞丰汽爆", "Ruifeng Steam Explosion"]),
    _i("inst-hongda-biogas", "Siping Hongda Biogas Engineering Co., Ltd.",
       "四平宏达沼气工程有限公司", "", ENT, "CHN", "CN-JL-siping", "Siping", "bm-fuel-biogas",
       uscc="gen", division="220300", weight=1, area="434", variants=["宏达沼气"]),
    _i("inst-baicheng-gas", "Baicheng Lvneng Bio-natural Gas Co., Ltd.",
       "白城市绿能生物天然气有限公司", "", ENT, "CHN", "CN-JL-baicheng", "Baicheng",
       "bm-fuel-biogas", uscc="gen", division="220800", weight=0, area="436",
       variants=["白城绿能"]),
    _i("inst-ruixiang-enzyme", "Jilin Ruixiang Bio-enzyme Co., Ltd.", "吉林瑞祥生物酶制剂有限公司",
       "", ENT, "CHN", "CN-JL-changchun", "Changchun", "bm-pre-enzyme", uscc="gen",
       division="220100", weight=1, variants=["瑞祥酶制剂", "Ruixiang Enzyme"]),
    _i("inst-hengtai", "Ordos Hengtai Coal Chemical Co., Ltd.", "鄂尔多斯市恒泰煤化工有限公司", "",
       ENT, "CHN", "CN-NM-ordos", "Ordos", "coal-clean-gasif coal-clean-olefins", uscc="gen",
       division="150600", weight=1, area="477", variants=["恒泰煤化工"]),
    _i("inst-huasheng", "Yulin Huasheng Coal-to-Olefins Co., Ltd.", "榆林市华晟煤制烯烃有限公司",
       "", ENT, "CHN", "CN-SN-yulin", "Yulin", "coal-clean-olefins coal-clean-ccus",
       uscc="gen", division="610800", weight=1, area="912", variants=["华晟煤制烯烃"]),
    _i("inst-jinbei", "Datong Jinbei Intelligent Mining Equipment Co., Ltd.",
       "大同晋北智能矿山装备有限公司", "", ENT, "CHN", "CN-SX-datong", "Datong",
       "coal-mining-smart coal-mining-safety", uscc="gen", division="140200", weight=1,
       area="352", variants=["晋北智能装备"]),
    # ---- foreign enterprises
    _i("inst-novozymes", "Novozymes A/S", "诺维信公司", "", ENT, "DNK", "DNK-bagsvaerd",
       "Bagsværd", "bm-pre-enzyme bm-fuel-cellet", alt_names=["Novonesis"],
       variants=["Novozymes", "诺维信", "Novozymes (China) Biotechnology"]),
    _i("inst-iff", "International Flavors & Fragrances Inc. (Genencor)",
       "国际香料香精公司（杰能科）", "IFF", ENT, "USA", "USA-newyork", "New York",
       "bm-pre-enzyme", alt_names=["Genencor International", "DuPont Industrial Biosciences"],
       variants=["Genencor", "杰能科", "IFF Genencor"]),
    _i("inst-natureworks", "NatureWorks LLC", "美国NatureWorks公司", "", ENT, "USA",
       "USA-minnetonka", "Minnetonka", "bm-poly-pla bm-chem-lactic",
       variants=["NatureWorks", "Nature Works LLC", "奈琪沃克"]),
    _i("inst-corbion", "TotalEnergies Corbion", "道达尔科碧恩", "", ENT, "NLD", "NLD-gorinchem",
       "Gorinchem", "bm-poly-pla bm-chem-lactic", alt_names=["Total Corbion PLA"],
       variants=["Total Corbion", "Corbion"]),
    _i("inst-clariant", "Clariant AG", "科莱恩公司", "", ENT, "CHE", "CHE-muttenz", "Muttenz",
       "bm-fuel-cellet bm-pre-enzyme", variants=["Clariant"]),
    _i("inst-sasol", "Sasol Limited", "南非沙索公司", "", ENT, "ZAF", "ZAF-johannesburg",
       "Johannesburg", "coal-clean-liquef coal-clean-gasif", variants=["Sasol", "沙索"]),
    # ---- government / funders
    _i("inst-nsfc", "National Natural Science Foundation of China", "国家自然科学基金委员会",
       "NSFC", GOV, "CHN", "CN-BJ", "Beijing",
       variants=["NSFC", "Natural Science Foundation of China", "国家自然科学基金委"]),
    _i("inst-most", "Ministry of Science and Technology of the People's Republic of China",
       "中华人民共和国科学技术部", "MOST", GOV, "CHN", "CN-BJ", "Beijing",
       alt_names=["Ministry of Science and Technology"], variants=["科技部", "MOST"]),
    _i("inst-nea", "National Energy Administration", "国家能源局", "NEA", GOV, "CHN", "CN-BJ",
       "Beijing", variants=["国家能源局", "NEA"]),
    _i("inst-jldst", "Department of Science and Technology of Jilin Province", "吉林省科学技术厅",
       "", GOV, "CHN", "CN-JL-changchun", "Changchun",
       variants=["吉林省科技厅", "Jilin Provincial Department of Science and Technology",
                 "Jilin Province Science and Technology Department"]),
    _i("inst-jldrc", "Development and Reform Commission of Jilin Province",
       "吉林省发展和改革委员会", "", GOV, "CHN", "CN-JL-changchun", "Changchun",
       variants=["吉林省发改委"]),
    _i("inst-sxdst", "Department of Science and Technology of Shanxi Province", "山西省科学技术厅",
       "", GOV, "CHN", "CN-SX-taiyuan", "Taiyuan", variants=["山西省科技厅"]),
    _i("inst-doe", "U.S. Department of Energy", "美国能源部", "DOE", GOV, "USA", "USA", "Washington",
       variants=["US DOE", "Department of Energy"]),
    # ---- alliances / associations
    _i("inst-jlbia", "Jilin Biomass Industry Technology Innovation Strategic Alliance",
       "吉林省生物质产业技术创新战略联盟", "", ALL, "CHN", "CN-JL-changchun", "Changchun",
       "bm bm-fuel-cellet bm-poly-pla", variants=["吉林省生物质产业联盟"]),
    _i("inst-bbmia", "Bio-based Materials Industry Technology Innovation Alliance",
       "生物基材料产业技术创新战略联盟", "", ALL, "CHN", "CN-BJ", "Beijing",
       "bm-poly bm-poly-pla bm-poly-pha", variants=["生物基材料产业联盟"]),
    _i("inst-cnca", "China National Coal Association", "中国煤炭工业协会", "CNCA", ALL, "CHN",
       "CN-BJ", "Beijing", "coal coal-mining-smart", variants=["中国煤炭工业协会", "CNCA",
                                                            "China Coal Industry Association"]),
    _i("inst-ccia", "China Coal Processing & Utilization Association",
       "中国煤炭加工利用协会", "", ALL, "CHN", "CN-BJ", "Beijing", "coal-clean-prep",
       variants=["煤炭加工利用协会"]),
]

FOREIGN_EXPERTS = [
    # given, surname, institution, technologies, title
    ("Michael J.", "Reed", "inst-nrel", ["bm-pre-acid", "bm-fuel-cellet"], "Senior Scientist"),
    ("Sarah", "Whitfield", "inst-nrel", ["bm-pre-enzyme", "bm-fuel-cellet"], "Group Manager"),
    ("Daniel", "Okafor", "inst-nrel", ["bm-fuel-jet"], "Senior Engineer"),
    ("Rebecca", "Lindholm", "inst-nrel", ["bm-poly-lignin", "bm-fuel-jet"], "Researcher"),
    ("Anders", "Nygaard", "inst-novozymes", ["bm-pre-enzyme"], "Principal Scientist"),
    ("Mette", "Kjærgaard", "inst-novozymes", ["bm-pre-enzyme", "bm-fuel-cellet"],
     "Senior Director"),
    ("Lars", "Holmqvist", "inst-novozymes", ["bm-pre-enzyme"], "Scientist"),
    ("Jennifer", "Marsh", "inst-natureworks", ["bm-poly-pla"], "Technology Director"),
    ("Kevin", "Albrecht", "inst-natureworks", ["bm-poly-pla", "bm-chem-lactic"],
     "Senior Scientist"),
    ("Henrik", "Sørlie", "inst-dtu", ["bm-pre-enzyme", "bm-fuel-biogas"], "Professor"),
    ("Kirsten", "Dalgaard", "inst-dtu", ["bm-chem-lactic"], "Associate Professor"),
    ("Jonas", "Breum", "inst-dtu", ["bm-fuel-biogas"], "Postdoctoral Researcher"),
    ("Mikko", "Rautiainen", "inst-aalto", ["bm-poly-nanocell"], "Professor"),
    ("Anna-Kaisa", "Lehtonen", "inst-aalto", ["bm-poly-lignin", "bm-poly-nanocell"],
     "Assistant Professor"),
    ("Jukka", "Hämäläinen", "inst-vtt", ["bm-fuel-pyro"], "Research Professor"),
    ("Tiina", "Saarela", "inst-vtt", ["bm-poly-nanocell"], "Senior Scientist"),
    ("Pieter", "van der Berg", "inst-wur", ["bm-chem-lactic", "bm-pre-bio"], "Professor"),
    ("Sanne", "Bakker", "inst-wur", ["bm-fuel-biogas"], "Researcher"),
    ("Erik", "Lindqvist", "inst-lund", ["bm-pre-steam", "bm-fuel-cellet"], "Professor"),
    ("Johanna", "Berglund", "inst-lund", ["bm-pre-steam"], "Associate Professor"),
    ("Thomas", "Verbeek", "inst-corbion", ["bm-poly-pla", "bm-chem-lactic"], "R&D Manager"),
    ("Markus", "Eberle", "inst-clariant", ["bm-fuel-cellet", "bm-pre-enzyme"],
     "Head of Biofuels Technology"),
    ("Laura", "Pennington", "inst-iff", ["bm-pre-enzyme"], "Senior Scientist"),
    ("David", "Kowalczyk", "inst-uwm", ["bm-poly-lignin", "bm-chem-furfural"], "Professor"),
    ("Grant", "McAllister", "inst-csiro", ["coal-clean-ccus", "coal-mining-smart"],
     "Principal Research Scientist"),
    ("Pieter", "Botha", "inst-sasol", ["coal-clean-liquef", "coal-clean-gasif"],
     "Chief Engineer"),
]

SURNAMES = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("赵", "Zhao"), ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun"),
    ("胡", "Hu"), ("朱", "Zhu"), ("高", "Gao"), ("林", "Lin"), ("何", "He"), ("郭", "Guo"),
    ("马", "Ma"), ("罗", "Luo"), ("梁", "Liang"), ("宋", "Song"), ("郑", "Zheng"), ("谢", "Xie"),
    ("韩", "Han"), ("唐", "Tang"), ("冯", "Feng"), ("于", "Yu"), ("董", "Dong"), ("程", "Cheng"),
    ("曹", "Cao"), ("袁", "Yuan"), ("邓", "Deng"), ("许", "Xu"), ("沈", "Shen"), ("曾", "Zeng"),
    ("彭", "Peng"), ("吕", "Lyu"), ("苏", "Su"), ("卢", "Lu"), ("蒋", "Jiang"), ("蔡", "Cai"),
    ("贾", "Jia"), ("丁", "Ding"), ("魏", "Wei"), ("薛", "Xue"), ("叶", "Ye"), ("阎", "Yan"),
    ("潘", "Pan"), ("杜", "Du"), ("戴", "Dai"), ("夏", "Xia"), ("钟", "Zhong"), ("汪", "Wang"),
    ("田", "Tian"), ("任", "Ren"), ("姜", "Jiang"), ("范", "Fan"), ("方", "Fang"), ("石", "Shi"),
    ("姚", "Yao"), ("谭", "Tan"), ("邹", "Zou"), ("金", "Jin"), ("陆", "Lu"), ("郝", "Hao"),
    ("孔", "Kong"), ("白", "Bai"), ("崔", "Cui"), ("康", "Kang"), ("毛", "Mao"), ("邱", "Qiu"),
    ("秦", "Qin"), ("江", "Jiang"), ("史", "Shi"), ("顾", "Gu"), ("侯", "Hou"), ("孟", "Meng"),
    ("段", "Duan"), ("雷", "Lei"), ("钱", "Qian"), ("尹", "Yin"), ("常", "Chang"), ("武", "Wu"),
    ("乔", "Qiao"), ("贺", "He"), ("龚", "Gong"), ("文", "Wen"), ("庞", "Pang"), ("满", "Man"),
]
GIVEN = [
    ("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"), ("丽", "Li"),
    ("强", "Qiang"), ("磊", "Lei"), ("军", "Jun"), ("洋", "Yang"), ("勇", "Yong"), ("艳", "Yan"),
    ("杰", "Jie"), ("涛", "Tao"), ("明", "Ming"), ("超", "Chao"), ("秀", "Xiu"), ("霞", "Xia"),
    ("平", "Ping"), ("刚", "Gang"), ("华", "Hua"), ("建", "Jian"), ("国", "Guo"), ("文", "Wen"),
    ("志", "Zhi"), ("海", "Hai"), ("晓", "Xiao"), ("玉", "Yu"), ("鹏", "Peng"), ("辉", "Hui"),
    ("宇", "Yu"), ("峰", "Feng"), ("红", "Hong"), ("新", "Xin"), ("春", "Chun"), ("东", "Dong"),
    ("雪", "Xue"), ("博", "Bo"), ("振", "Zhen"), ("永", "Yong"), ("立", "Li"), ("庆", "Qing"),
    ("琳", "Lin"), ("凯", "Kai"), ("斌", "Bin"), ("颖", "Ying"), ("晶", "Jing"), ("慧", "Hui"),
    ("云", "Yun"), ("亮", "Liang"), ("松", "Song"), ("岩", "Yan"), ("龙", "Long"), ("宏", "Hong"),
    ("光", "Guang"), ("学", "Xue"), ("德", "De"), ("成", "Cheng"), ("荣", "Rong"), ("俊", "Jun"),
    ("浩", "Hao"), ("欣", "Xin"), ("思", "Si"), ("晨", "Chen"), ("旭", "Xu"), ("丹", "Dan"),
    ("瑞", "Rui"), ("佳", "Jia"), ("宁", "Ning"), ("铭", "Ming"), ("继", "Ji"), ("兴", "Xing"),
    ("良", "Liang"), ("书", "Shu"), ("卫", "Wei"), ("冬", "Dong"), ("子", "Zi"), ("长", "Chang"),
]
FEEDS = [("corn straw", "玉米秸秆"), ("corn stover", "玉米秸秆"), ("rice straw", "水稻秸秆"),
         ("wheat straw", "小麦秸秆"), ("corncob residue", "玉米芯渣"), ("poplar wood", "杨木"),
         ("birch sawdust", "桦木屑"), ("sweet sorghum bagasse", "甜高粱渣")]
COALS = [("Shendong long-flame coal", "神东长焰煤"), ("Inner Mongolia lignite", "内蒙古褐煤"),
         ("Shanxi anthracite", "山西无烟煤"), ("Yulin bituminous coal", "榆林烟煤"),
         ("Huainan high-sulfur coal", "淮南高硫煤"), ("Ningdong coal", "宁东煤")]
SITES = [("Shendong mining area", "神东矿区"), ("Datong coalfield", "大同煤田"),
         ("Xuzhou mining area", "徐州矿区"), ("Ordos basin", "鄂尔多斯盆地"),
         ("Jincheng mining area", "晋城矿区"), ("Huainan mining area", "淮南矿区"),
         ("Yanzhou coalfield", "兖州煤田"), ("Binchang mining area", "彬长矿区")]
VENUES = {  # (english venue, chinese venue, doi code) per technology group
    "bm-pre": {"en": [("Bioresource Technology", "", "biortech"),
                      ("Biotechnology for Biofuels and Bioproducts", "", "bfb"),
                      ("Industrial Crops and Products", "", "indcrop"),
                      ("Green Chemistry", "", "gc"), ("Renewable Energy", "", "renene")],
               "zh": [("", "农业工程学报", "tcsae"), ("", "生物工程学报", "cjb"),
                      ("", "化工进展", "ciep"), ("", "林产化学与工业", "cfp")]},
    "bm-fuel": {"en": [("Bioresource Technology", "", "biortech"), ("Fuel", "", "fuel"),
                       ("Energy & Fuels", "", "ef"), ("Renewable Energy", "", "renene"),
                       ("Applied Energy", "", "apenergy"),
                       ("Journal of Cleaner Production", "", "jclepro")],
                "zh": [("", "农业工程学报", "tcsae"), ("", "太阳能学报", "aes"),
                       ("", "可再生能源", "re"), ("", "化工进展", "ciep")]},
    "bm-chem": {"en": [("Bioresource Technology", "", "biortech"), ("Green Chemistry", "", "gc"),
                       ("ACS Sustainable Chemistry & Engineering", "", "acssuschem"),
                       ("Metabolic Engineering", "", "ymben"),
                       ("Biotechnology for Biofuels and Bioproducts", "", "bfb")],
                "zh": [("", "生物工程学报", "cjb"), ("", "化工学报", "ciesc"),
                       ("", "化工进展", "ciep")]},
    "bm-poly": {"en": [("Macromolecules", "", "macromol"),
                       ("Polymer Degradation and Stability", "", "pds"),
                       ("Carbohydrate Polymers", "", "carbpol"), ("Polymer", "", "polymer"),
                       ("International Journal of Biological Macromolecules", "", "ijbm"),
                       ("ACS Sustainable Chemistry & Engineering", "", "acssuschem")],
                "zh": [("", "高分子学报", "aps"), ("", "应用化学", "cjac"),
                       ("", "高分子材料科学与工程", "pmse"), ("", "林产化学与工业", "cfp")]},
    "coal-mining": {"en": [("International Journal of Mining Science and Technology", "",
                            "ijmst"), ("Rock Mechanics and Rock Engineering", "", "rmre"),
                           ("International Journal of Rock Mechanics and Mining Sciences", "",
                            "ijrmms"), ("International Journal of Coal Geology", "", "coal"),
                           ("Tunnelling and Underground Space Technology", "", "tust")],
                    "zh": [("", "煤炭学报", "jccs"), ("", "中国矿业大学学报", "jcumt"),
                           ("", "采矿与安全工程学报", "jmse"), ("", "煤炭科学技术", "cst")]},
    "coal-clean": {"en": [("Fuel", "", "fuel"), ("Fuel Processing Technology", "", "fuproc"),
                          ("Energy", "", "energy"), ("Applied Energy", "", "apenergy"),
                          ("Chemical Engineering Journal", "", "cej")],
                   "zh": [("", "洁净煤技术", "cct"), ("", "燃料化学学报", "jfct"),
                          ("", "化工学报", "ciesc"), ("", "煤炭转化", "cc")]},
}


def _t(n: int, prof: str, ipc: str, kw: str, m: list, t: list, p: list,
       with_: str = "") -> dict:
    return {"n": n, "prof": prof, "ipc": ipc.split(";"), "kw": kw.split(";"), "m": m, "t": t,
            "p": p, "with": with_.split() if with_ else []}


TECH = {
    "bm-pre-steam": _t(9, "mature", "D21C 1/02;C08H 8/00", "severity factor;inhibitors;"
                       "hemicellulose;xylose;pilot scale", [("glucose yield", "%", 72, 94)], [
        ("Steam explosion pretreatment of {feed} for enhanced enzymatic saccharification",
         "{feed_zh}蒸汽爆破预处理强化酶解糖化研究"),
        ("Effect of severity factor on sugar recovery from steam-exploded {feed}",
         "强度因子对汽爆{feed_zh}糖回收率的影响"),
        ("Continuous steam explosion of {feed}: pilot-scale performance and inhibitor formation",
         "{feed_zh}连续汽爆中试性能及抑制物生成"),
        ("SO2-catalyzed steam explosion of {feed} for second-generation ethanol",
         "SO2催化汽爆{feed_zh}制备二代乙醇"),
        ("Energy consumption of steam explosion pretreatment of {feed} at industrial scale",
         "工业规模{feed_zh}蒸汽爆破预处理能耗分析")], [
        ("Continuous steam explosion device for corn straw pretreatment",
         "一种玉米秸秆连续汽爆预处理装置"),
        ("Method for combined steam explosion and alkaline extraction of lignocellulose",
         "一种木质纤维素汽爆-碱提联合处理方法"),
        ("Steam explosion reactor with instantaneous pressure release valve",
         "一种带瞬时泄压阀的蒸汽爆破反应器")], "bm-pre-enzyme bm-fuel-cellet"),
    "bm-pre-acid": _t(7, "declining", "C08H 8/00;C13K 1/02", "xylan;liquid hot water;"
                      "detoxification;furfural;HMF", [("xylose recovery", "%", 65, 90)], [
        ("Dilute sulfuric acid pretreatment of {feed}: kinetics of xylan hydrolysis",
         "{feed_zh}稀硫酸预处理木聚糖水解动力学"),
        ("Detoxification of dilute acid hydrolysate of {feed} for fermentation",
         "{feed_zh}稀酸水解液脱毒及发酵性能"),
        ("Comparison of dilute acid and liquid hot water pretreatment of {feed}",
         "{feed_zh}稀酸与液态热水预处理比较"),
        ("Furfural and HMF formation during acid pretreatment of {feed}",
         "酸预处理{feed_zh}过程中糠醛和HMF的生成")], [
        ("Method for dilute acid pretreatment of corn stover with low inhibitor formation",
         "一种低抑制物生成的玉米秸秆稀酸预处理方法"),
        ("Acid-resistant continuous pretreatment reactor", "一种耐酸连续预处理反应器")],
        "bm-pre-enzyme"),
    "bm-pre-alkali": _t(7, "flat", "C08H 8/00;D21C 3/02", "delignification;sodium hydroxide;"
                        "black liquor;cellulose accessibility", [("lignin removal", "%", 45, 82)], [
        ("Alkaline pretreatment of {feed} with sodium hydroxide for delignification",
         "{feed_zh}氢氧化钠碱预处理脱木质素研究"),
        ("Ammonia-based alkali pretreatment of {feed} and its effect on cellulose accessibility",
         "氨法碱预处理对{feed_zh}纤维素可及性的影响"),
        ("Recycling of black liquor from alkaline pretreatment of {feed}",
         "{feed_zh}碱预处理黑液循环利用"),
        ("Low-temperature alkali pretreatment of {feed} for biogas production",
         "低温碱预处理{feed_zh}提高产沼气性能")], [
        ("Method for alkaline pretreatment of straw with alkali recovery",
         "一种碱回收的秸秆碱法预处理方法"),
        ("Process for producing fermentable sugar by alkali-oxygen pretreatment",
         "一种碱-氧预处理生产可发酵糖的工艺")], "bm-fuel-biogas bm-pre-enzyme"),
    "bm-pre-il": _t(7, "mature", "C08B 1/00;C08H 8/00", "[EMIM]OAc;cellulose dissolution;"
                    "ionic liquid recycling;regenerated cellulose",
                    [("cellulose digestibility", "%", 70, 96)], [
        ("Ionic liquid pretreatment of {feed} using 1-ethyl-3-methylimidazolium acetate",
         "1-乙基-3-甲基咪唑醋酸盐离子液体预处理{feed_zh}"),
        ("Recovery and reuse of ionic liquids in pretreatment of {feed}",
         "{feed_zh}预处理中离子液体的回收与循环利用"),
        ("Dissolution of cellulose from {feed} in ionic liquids and its regeneration",
         "离子液体溶解{feed_zh}纤维素及其再生"),
        ("Protic ionic liquids for low-cost pretreatment of {feed}",
         "质子型离子液体低成本预处理{feed_zh}")], [
        ("Method for pretreating lignocellulose with recyclable ionic liquid",
         "一种可循环离子液体预处理木质纤维素的方法"),
        ("Ionic liquid composition for dissolving cellulose", "一种溶解纤维素的离子液体组合物")]),
    "bm-pre-bio": _t(6, "flat", "C12P 19/14;C12N 1/14", "white-rot fungi;solid-state "
                     "fermentation;microbial consortium;laccase",
                     [("lignin degradation", "%", 20, 48)], [
        ("Fungal pretreatment of {feed} with white-rot fungi under solid-state conditions",
         "白腐真菌固态发酵预处理{feed_zh}"),
        ("Biological pretreatment of {feed} by a lignin-degrading microbial consortium",
         "木质素降解复合菌系生物预处理{feed_zh}"),
        ("Combined fungal and mild alkali pretreatment of {feed}", "真菌-温和碱联合预处理{feed_zh}")],
        [("Composite microbial agent for straw degradation and preparation method thereof",
          "一种秸秆降解复合菌剂及其制备方法"),
         ("Method for biological pretreatment of straw using white-rot fungi",
          "一种利用白腐真菌生物预处理秸秆的方法")], "bm-fuel-biogas"),
    "bm-pre-enzyme": _t(11, "mature", "C12P 19/14;C12P 19/02;C12N 9/42", "cellulase;"
                        "Trichoderma reesei;high solids;LPMO;enzyme cost",
                        [("glucan conversion", "%", 70, 93)], [
        ("Enzymatic hydrolysis of pretreated {feed} at high solids loading",
         "高固含量条件下预处理{feed_zh}的酶水解"),
        ("Cellulase cocktail optimization for enzymatic saccharification of {feed}",
         "{feed_zh}酶法糖化纤维素酶复配优化"),
        ("Reducing cellulase dosage with lytic polysaccharide monooxygenases in {feed} hydrolysis",
         "利用LPMO降低{feed_zh}酶解的纤维素酶用量"),
        ("On-site cellulase production by Trichoderma reesei using {feed}",
         "以{feed_zh}为底物的里氏木霉现场产纤维素酶"),
        ("Non-productive adsorption of cellulase on lignin from {feed}",
         "纤维素酶在{feed_zh}木质素上的无效吸附")], [
        ("Trichoderma reesei strain with high cellulase yield and application thereof",
         "一株高产纤维素酶的里氏木霉菌株及其应用"),
        ("Method for enzymatic hydrolysis of lignocellulose with surfactant addition",
         "一种添加表面活性剂的木质纤维素酶解方法"),
        ("Fed-batch enzymatic saccharification process at high solids",
         "一种高固含量补料酶解糖化工艺")], "bm-fuel-cellet bm-pre-steam"),
    "bm-fuel-cellet": _t(12, "mature", "C12P 7/10;C12P 7/06", "SSCF;xylose fermentation;"
                         "techno-economic analysis;life cycle assessment;fuel ethanol",
                         [("ethanol titer", "g/L", 38, 82)], [
        ("Techno-economic analysis of cellulosic ethanol from {feed} in Northeast China",
         "东北地区{feed_zh}纤维素乙醇技术经济分析"),
        ("Simultaneous saccharification and co-fermentation of {feed} to cellulosic ethanol",
         "{feed_zh}同步糖化共发酵生产纤维素乙醇"),
        ("Xylose-fermenting Saccharomyces cerevisiae for second-generation ethanol from {feed}",
         "木糖发酵酿酒酵母用于{feed_zh}二代乙醇生产"),
        ("Life cycle assessment of cellulosic bioethanol from {feed}",
         "{feed_zh}纤维素乙醇生命周期评价"),
        ("Integrating {feed} into first-generation corn ethanol plants",
         "{feed_zh}与一代玉米乙醇厂的集成生产")], [
        ("Method for producing cellulosic ethanol from corn straw",
         "一种以玉米秸秆为原料生产纤维素乙醇的方法"),
        ("Recombinant yeast co-fermenting glucose and xylose", "一种共发酵葡萄糖和木糖的重组酵母"),
        ("System for integrated production of first- and second-generation fuel ethanol",
         "一种一代二代燃料乙醇集成生产系统")], "bm-pre-enzyme bm-pre-steam"),
    "bm-fuel-biodiesel": _t(7, "declining", "C10L 1/02;C11C 3/10", "transesterification;"
                            "lipase;waste cooking oil;solid catalyst",
                            [("FAME yield", "%", 85, 98)], [
        ("Lipase-catalyzed transesterification of waste cooking oil to biodiesel",
         "脂肪酶催化地沟油酯交换制备生物柴油"),
        ("Solid base catalysts for FAME production from soybean oil",
         "固体碱催化大豆油制备脂肪酸甲酯"),
        ("Biodiesel from microalgae lipids: extraction and conversion",
         "微藻油脂提取及制备生物柴油"),
        ("Cold flow properties of biodiesel blends in Northeast China",
         "东北地区生物柴油调和燃料低温流动性"),
        ("Biodiesel from corn oil recovered in ethanol plants", "乙醇厂玉米油制备生物柴油")], [
        ("Method for preparing biodiesel with immobilized lipase",
         "一种固定化脂肪酶制备生物柴油的方法"),
        ("Solid acid catalyst for biodiesel production from high-acid-value oil",
         "一种用于高酸值油脂制备生物柴油的固体酸催化剂")]),
    "bm-fuel-biogas": _t(10, "flat", "C12P 5/02;C02F 11/04", "co-digestion;cattle manure;"
                         "biomethane upgrading;cold region;digestate",
                         [("specific methane yield", "mL/g VS", 180, 320)], [
        ("Anaerobic co-digestion of {feed} with cattle manure",
         "{feed_zh}与牛粪混合厌氧发酵性能"),
        ("Biomethane upgrading in {feed} biogas plants of cold regions",
         "寒区{feed_zh}沼气工程生物天然气提纯"),
        ("Microbial community dynamics in thermophilic anaerobic digestion of {feed}",
         "{feed_zh}高温厌氧发酵微生物群落动态"),
        ("Winter operation of {feed} biogas digesters in Jilin province",
         "吉林省{feed_zh}沼气工程冬季运行研究"),
        ("Digestate utilization from {feed} biogas plants as organic fertilizer",
         "{feed_zh}沼气工程沼渣沼液肥料化利用")], [
        ("Heat-preserving anaerobic digester for cold regions", "一种适用于寒区的保温厌氧发酵罐"),
        ("Method for co-digestion of straw and livestock manure",
         "一种秸秆与畜禽粪便混合厌氧发酵方法"),
        ("Biogas upgrading device based on membrane separation", "一种基于膜分离的沼气提纯装置")],
        "bm-pre-alkali"),
    "bm-fuel-jet": _t(12, "emerging", "C10L 1/04;C10G 3/00", "SAF;alcohol-to-jet;HEFA;"
                      "hydrodeoxygenation;carbon intensity",
                      [("jet-range hydrocarbon selectivity", "%", 55, 88)], [
        ("Alcohol-to-jet conversion of cellulosic ethanol to sustainable aviation fuel",
         "纤维素乙醇醇制航煤制备可持续航空燃料"),
        ("HEFA route to sustainable aviation fuel: catalyst stability",
         "HEFA路线可持续航空燃料催化剂稳定性"),
        ("Lignin-derived cycloalkanes from {feed} as bio-jet fuel blendstock",
         "{feed_zh}木质素衍生环烷烃作为生物航煤调和组分"),
        ("Techno-economic and carbon-intensity assessment of SAF from {feed} in China",
         "中国{feed_zh}制可持续航空燃料技术经济与碳强度评估"),
        ("Hydrodeoxygenation of {feed} bio-oil to biojet range hydrocarbons",
         "{feed_zh}生物油加氢脱氧制备航煤馏分烃")], [
        ("Method for preparing aviation kerosene components from lignin",
         "一种由木质素制备航空煤油组分的方法"),
        ("Catalyst for ethanol oligomerization to jet-range olefins",
         "一种乙醇齐聚制航煤烯烃的催化剂"),
        ("Process for producing sustainable aviation fuel from waste oil",
         "一种由废弃油脂生产可持续航空燃料的工艺")], "bm-fuel-cellet bm-fuel-pyro"),
    "bm-fuel-pyro": _t(7, "mature", "C10B 53/02;C10G 3/00", "fluidized bed;HZSM-5;biochar;"
                       "catalytic upgrading", [("bio-oil yield", "wt%", 42, 68)], [
        ("Fast pyrolysis of {feed} in a fluidized-bed reactor", "流化床反应器中{feed_zh}快速热解"),
        ("Catalytic upgrading of bio-oil from {feed} over HZSM-5",
         "HZSM-5催化提质{feed_zh}热解生物油"),
        ("Co-pyrolysis of {feed} and waste plastics", "{feed_zh}与废塑料共热解"),
        ("Biochar from slow pyrolysis of {feed} for soil amendment",
         "{feed_zh}慢速热解生物炭用于土壤改良")], [
        ("Fluidized bed fast pyrolysis device for biomass", "一种生物质流化床快速热解装置"),
        ("Method for upgrading bio-oil by catalytic hydrogenation", "一种生物油催化加氢提质方法")]),
    "bm-fuel-gasif": _t(6, "flat", "C10J 3/00;C10J 3/84", "downdraft gasifier;tar reduction;"
                        "CHP;syngas", [("cold gas efficiency", "%", 58, 80)], [
        ("Air-steam gasification of {feed} in a downdraft gasifier",
         "下吸式气化炉中{feed_zh}空气-水蒸气气化"),
        ("Tar reduction in gasification of {feed} using Ni-based catalysts",
         "镍基催化剂降低{feed_zh}气化焦油"),
        ("Syngas from {feed} for combined heat and power in rural Northeast China",
         "东北农村{feed_zh}合成气热电联供"),
        ("Co-gasification of {feed} and coal in an entrained-flow gasifier",
         "{feed_zh}与煤在气流床中的共气化")], [
        ("Biomass gasifier with secondary tar cracking zone", "一种带二次焦油裂解区的生物质气化炉"),
        ("Method for producing hydrogen-rich syngas from straw", "一种秸秆制富氢合成气的方法")],
        "coal-clean-gasif"),
    "bm-fuel-pellet": _t(8, "flat", "C10L 5/44;B30B 11/20", "densification;ring die;slagging;"
                         "torrefaction;clean heating", [("pellet durability", "%", 90, 98.5)], [
        ("Densification of {feed} into pellets: effect of moisture and die temperature",
         "含水率与模温对{feed_zh}颗粒成型的影响"),
        ("Combustion and slagging behavior of {feed} pellets in heating boilers",
         "{feed_zh}成型燃料在供暖锅炉中的燃烧与结渣特性"),
        ("Supply chain of {feed} pellet fuel for clean heating in Jilin",
         "吉林省清洁供暖{feed_zh}成型燃料供应链"),
        ("Torrefaction of {feed} to improve pellet quality", "烘焙预处理提高{feed_zh}颗粒品质")], [
        ("Ring die pellet mill for straw with anti-blocking feeder",
         "一种带防堵喂料器的秸秆环模制粒机"),
        ("Anti-slagging additive for straw pellet fuel", "一种秸秆成型燃料防结渣添加剂")]),
    "bm-chem-lactic": _t(10, "growing", "C12P 7/56;C07C 51/42", "Bacillus coagulans;open "
                         "fermentation;electrodialysis;D-lactic acid;optical purity",
                         [("lactic acid titer", "g/L", 90, 210)], [
        ("L-lactic acid fermentation from {feed} hydrolysate by Bacillus coagulans",
         "凝结芽孢杆菌发酵{feed_zh}水解液生产L-乳酸"),
        ("Open fermentation of lactic acid from {feed} at high temperature without sterilization",
         "{feed_zh}高温非灭菌开放式乳酸发酵"),
        ("Downstream purification of lactic acid from {feed} broth by electrodialysis",
         "电渗析法纯化{feed_zh}发酵液乳酸"),
        ("Optically pure D-lactic acid production from {feed} for stereocomplex PLA",
         "以{feed_zh}生产光学纯D-乳酸用于立构复合聚乳酸"),
        ("Lactic acid from corn starch versus {feed} sugars: a comparison",
         "玉米淀粉与{feed_zh}糖生产乳酸的比较")], [
        ("Bacillus coagulans strain producing L-lactic acid and fermentation method",
         "一株产L-乳酸的凝结芽孢杆菌及其发酵方法"),
        ("Method for extracting lactic acid from fermentation broth", "一种从发酵液中提取乳酸的方法"),
        ("Method for producing D-lactic acid from lignocellulosic sugar",
         "一种以木质纤维素糖生产D-乳酸的方法")], "bm-poly-pla bm-pre-enzyme"),
    "bm-chem-succinic": _t(6, "mature", "C12P 7/46;C12N 1/21", "Actinobacillus succinogenes;"
                           "metabolic engineering;CO2 fixation;E. coli",
                           [("succinic acid yield", "g/g", 0.6, 0.95)], [
        ("Bio-succinic acid production by Actinobacillus succinogenes from {feed}",
         "琥珀酸放线杆菌利用{feed_zh}发酵生产丁二酸"),
        ("Metabolic engineering of Escherichia coli for succinic acid from {feed} sugars",
         "代谢工程改造大肠杆菌利用{feed_zh}糖生产丁二酸"),
        ("CO2 fixation during anaerobic succinic acid fermentation of {feed}",
         "{feed_zh}厌氧丁二酸发酵过程中的CO2固定")], [
        ("Recombinant Escherichia coli for high-yield succinic acid and application",
         "一种高产丁二酸的重组大肠杆菌及其应用"),
        ("Method for crystallization of succinic acid from fermentation broth",
         "一种从发酵液结晶丁二酸的方法")], "bm-poly-pbs"),
    "bm-chem-furfural": _t(6, "flat", "C07D 307/50", "corncob;biphasic system;5-HMF;"
                           "furfural residue", [("furfural yield", "%", 50, 78)], [
        ("Furfural production from {feed} in a biphasic system", "双相体系中{feed_zh}制备糠醛"),
        ("Catalytic conversion of hemicellulose in {feed} to furfural and 5-HMF",
         "{feed_zh}半纤维素催化转化制糠醛和5-HMF"),
        ("Utilization of furfural residue from {feed} for cellulosic ethanol",
         "{feed_zh}糠醛渣制备纤维素乙醇")], [
        ("Method for producing furfural from corncob with solid acid catalyst",
         "一种固体酸催化玉米芯生产糠醛的方法"),
        ("Process for comprehensive utilization of furfural residue", "一种糠醛渣综合利用工艺")],
        "bm-fuel-cellet"),
    "bm-chem-butanol": _t(6, "declining", "C12P 7/16", "Clostridium acetobutylicum;"
                          "gas stripping;solvent tolerance;ABE",
                          [("butanol titer", "g/L", 11, 21)], [
        ("ABE fermentation of {feed} hydrolysate by Clostridium acetobutylicum",
         "丙酮丁醇梭菌发酵{feed_zh}水解液生产ABE"),
        ("In situ recovery of biobutanol from {feed} fermentation by gas stripping",
         "气提原位分离{feed_zh}发酵生物丁醇"),
        ("Butanol tolerance engineering of solventogenic clostridia for {feed}",
         "面向{feed_zh}的产溶剂梭菌丁醇耐受性改造")], [
        ("Clostridium strain with high butanol tolerance and application thereof",
         "一株高丁醇耐受梭菌及其应用"),
        ("Coupled fermentation-pervaporation system for biobutanol",
         "一种发酵-渗透汽化耦合生物丁醇生产系统")]),
    "bm-chem-glycol": _t(6, "growing", "C07C 29/132;C07C 31/20", "tungsten catalyst;"
                         "hydrogenolysis;retro-aldol;bio-MEG",
                         [("ethylene glycol yield", "%", 45, 76)], [
        ("One-pot conversion of cellulose from {feed} to ethylene glycol over tungsten catalysts",
         "钨基催化剂一锅法催化{feed_zh}纤维素制乙二醇"),
        ("Bio-MEG from {feed}: hydrogenolysis of sugars to glycols",
         "{feed_zh}糖类氢解制生物基乙二醇"),
        ("Bio-based glycols from {feed} glucose via retro-aldol condensation",
         "{feed_zh}葡萄糖逆羟醛缩合制备生物基多元醇")], [
        ("Catalyst for direct conversion of cellulose to ethylene glycol",
         "一种纤维素直接制乙二醇的催化剂"),
        ("Method for separating bio-based ethylene glycol and propylene glycol",
         "一种生物基乙二醇与丙二醇的分离方法")]),
    "bm-poly-pla": _t(16, "emerging", "C08G 63/08;C08L 67/04", "lactide;ring-opening "
                      "polymerization;stereocomplex;heat resistance;biodegradable packaging",
                      [("number-average molecular weight", "kg/mol", 80, 260),
                       ("heat distortion temperature", "°C", 58, 135)], [
        ("Ring-opening polymerization of lactide catalyzed by aluminum complexes",
         "铝配合物催化丙交酯开环聚合"),
        ("Stereocomplex polylactide with improved heat resistance", "具有改进耐热性的立构复合聚乳酸"),
        ("Toughening of PLA by reactive blending with biodegradable elastomers",
         "可生物降解弹性体反应共混增韧聚乳酸"),
        ("Crystallization kinetics of poly(L-lactide) with nucleating agents",
         "成核剂对聚(L-丙交酯)结晶动力学的影响"),
        ("Polylactide films for food packaging: barrier and degradation properties",
         "食品包装用聚乳酸薄膜的阻隔与降解性能"),
        ("Chemical recycling of PLA waste back to lactide", "聚乳酸废弃物化学回收制丙交酯"),
        ("Melt-spun PLA fibers for nonwoven applications", "熔纺聚乳酸纤维及非织造应用"),
        ("PLA composites reinforced with {feed} fibers", "{feed_zh}纤维增强聚乳酸复合材料"),
        ("Lactide production from lactic acid: oligomer depolymerization and purification",
         "乳酸制丙交酯：低聚物解聚与纯化"),
        ("Polylactic acid foams by supercritical CO2 foaming", "超临界CO2发泡聚乳酸"),
        ("Hydrolytic degradation of polylactide in soil and seawater",
         "聚乳酸在土壤和海水中的水解降解")], [
        ("Method for preparing high-purity lactide", "一种高纯度丙交酯的制备方法"),
        ("Heat-resistant polylactic acid composite and preparation method",
         "一种耐热聚乳酸复合材料及其制备方法"),
        ("Fully biodegradable PLA/PBAT film", "一种全生物降解PLA/PBAT薄膜"),
        ("Salen aluminum catalyst for stereoselective lactide polymerization",
         "一种用于丙交酯立体选择性聚合的Salen铝催化剂")], "bm-chem-lactic bm-poly"),
    "bm-poly-pha": _t(8, "growing", "C12P 7/625;C08G 63/06", "halophiles;Halomonas;"
                      "open fermentation;PHB copolymer", [("PHA content", "wt%", 45, 82)], [
        ("PHA production by halophilic bacteria under open unsterile conditions",
         "嗜盐菌开放式非灭菌生产PHA"),
        ("Polyhydroxyalkanoates from {feed} hydrolysate", "以{feed_zh}水解液为底物生产聚羟基脂肪酸酯"),
        ("PHB copolymer properties tuned by propionate feeding", "丙酸补料调控PHB共聚物性能"),
        ("Downstream recovery of PHA from Halomonas cells", "盐单胞菌细胞中PHA的下游回收")], [
        ("Halomonas strain for producing PHA and fermentation process",
         "一株生产PHA的盐单胞菌及其发酵工艺"),
        ("Method for extracting PHA from cells", "一种从细胞中提取PHA的方法")]),
    "bm-poly-pbs": _t(6, "growing", "C08G 63/16;C08L 67/02", "1,4-butanediol;chain extension;"
                      "compost;mulch film", [("tensile strength", "MPa", 28, 45)], [
        ("Synthesis of PBS from bio-succinic acid and 1,4-butanediol",
         "生物基丁二酸与1,4-丁二醇合成PBS"),
        ("Chain extension of polybutylene succinate for film blowing",
         "聚丁二酸丁二醇酯扩链及吹膜性能"),
        ("Biodegradation of PBS mulch films in compost and soil", "PBS地膜在堆肥和土壤中的生物降解")],
        [("Method for preparing high molecular weight PBS", "一种高分子量PBS的制备方法"),
         ("PBS-based biodegradable mulch film", "一种PBS基可降解地膜")], "bm-chem-succinic"),
    "bm-poly-starch": _t(5, "declining", "C08L 3/02;C08B 30/12", "glycerol;plasticization;"
                         "disposable tableware;foam", [("elongation at break", "%", 40, 320)], [
        ("Thermoplastic starch from corn starch plasticized with glycerol",
         "甘油增塑玉米淀粉制备热塑性淀粉"),
        ("Starch-based plastics blended with PLA for disposable tableware",
         "淀粉基塑料与PLA共混制备一次性餐具"),
        ("Water resistance of starch-based foams", "淀粉基发泡材料的耐水性")], [
        ("Thermoplastic starch composition and preparation method thereof",
         "一种热塑性淀粉组合物及其制备方法"),
        ("Starch-based degradable foam material", "一种淀粉基可降解发泡材料")], "bm-poly-pla"),
    "bm-poly-lignin": _t(9, "growing", "C08H 6/00;C08G 8/20", "phenolic resin;reductive "
                         "catalytic fractionation;porous carbon;biorefinery residue",
                         [("phenol substitution rate", "%", 30, 70)], [
        ("Lignin valorization from {feed} biorefinery residues", "{feed_zh}生物炼制残渣木质素高值化利用"),
        ("Lignin-based phenolic resins from {feed} replacing petroleum phenol",
         "{feed_zh}木质素基酚醛树脂替代石油苯酚"),
        ("Lignin-derived carbon materials from {feed} for supercapacitors",
         "{feed_zh}木质素衍生炭材料用于超级电容器"),
        ("Reductive catalytic fractionation of {feed} lignin", "{feed_zh}木质素还原催化分级")], [
        ("Method for preparing lignin-based phenolic resin adhesive",
         "一种木质素基酚醛树脂胶黏剂的制备方法"),
        ("Lignin-based porous carbon and use in electrodes", "一种木质素基多孔炭及其在电极中的应用")],
        "bm-fuel-jet"),
    "bm-poly-nanocell": _t(9, "growing", "C08B 15/02;D21H 11/18", "TEMPO oxidation;"
                           "cellulose nanocrystals;aerogel;barrier coating",
                           [("crystallinity index", "%", 60, 85)], [
        ("Cellulose nanofibrils from {feed} by TEMPO-mediated oxidation",
         "TEMPO氧化制备{feed_zh}纤维素纳米纤丝"),
        ("Cellulose nanocrystals from {feed} reinforcing PLA composites",
         "{feed_zh}纤维素纳米晶增强聚乳酸复合材料"),
        ("Nanocellulose aerogels from {feed} for oil-water separation",
         "{feed_zh}纳米纤维素气凝胶用于油水分离"),
        ("Energy-efficient mechanical fibrillation of {feed} pulp", "{feed_zh}浆料节能机械纤丝化")], [
        ("Method for preparing cellulose nanofibrils from straw", "一种由秸秆制备纤维素纳米纤丝的方法"),
        ("Nanocellulose-based barrier coating for paper packaging",
         "一种纳米纤维素基纸包装阻隔涂层")], "bm-poly-pla"),
    # ------------------------------------------------------------------ coal
    "coal-mining-longwall": _t(10, "mature", "E21C 41/18;E21D 23/00", "overburden movement;"
                               "hydraulic support;top-coal caving;large mining height",
                               [("face advance rate", "m/d", 8, 22)], [
        ("Overburden movement above fully mechanized longwall faces in the {site}",
         "{site_zh}综采工作面覆岩运动规律"),
        ("Hydraulic support and surrounding rock interaction at large mining height in the {site}",
         "{site_zh}大采高综采液压支架与围岩相互作用"),
        ("Top-coal caving longwall mining of extra-thick seams in the {site}",
         "{site_zh}特厚煤层综放开采"),
        ("Shearer cutting load prediction for fully mechanized mining faces in the {site}",
         "{site_zh}综采工作面采煤机截割载荷预测"),
        ("Roof weighting prediction on longwall faces in the {site} using support pressure",
         "基于支架压力的{site_zh}综采工作面来压预测")], [
        ("Hydraulic support for large mining height working face", "一种大采高工作面液压支架"),
        ("Method for determining working resistance of hydraulic supports",
         "一种液压支架工作阻力确定方法"),
        ("Shearer drum with reduced dust generation", "一种降尘型采煤机滚筒")],
        "coal-mining-smart"),
    "coal-mining-smart": _t(14, "emerging", "E21C 35/24;G06Q 50/02", "unmanned mining face;"
                            "digital twin;5G;coal-rock recognition;inertial navigation",
                            [("reduction of workers on the face", "%", 30, 70)], [
        ("Intelligent mining of thin coal seams with an unmanned mining face in the {site}",
         "{site_zh}薄煤层智能化无人开采"),
        ("Digital twin of a fully mechanized mining face for smart mining in the {site}",
         "面向{site_zh}智能化开采的综采工作面数字孪生"),
        ("5G-enabled remote control of shearers in intelligent coal mines of the {site}",
         "{site_zh}智能矿山5G采煤机远程控制"),
        ("Automatic horizon control of shearers using geological models in the {site}",
         "基于地质模型的{site_zh}采煤机自动调高"),
        ("Inertial navigation for straightness control of intelligent mining faces",
         "智能化工作面直线度惯性导航控制"),
        ("Machine vision for coal-rock interface recognition in the {site}",
         "基于机器视觉的{site_zh}煤岩界面识别")], [
        ("Intelligent control system for fully mechanized mining face",
         "一种综采工作面智能控制系统"),
        ("Coal-rock interface recognition method based on deep learning",
         "一种基于深度学习的煤岩界面识别方法"),
        ("Straightness detection device for scraper conveyor", "一种刮板输送机直线度检测装置")],
        "coal-mining-longwall coal-mining-safety"),
    "coal-mining-backfill": _t(8, "growing", "E21F 15/00;C04B 28/00", "paste backfill;coal "
                               "gangue;fly ash;surface subsidence",
                               [("subsidence reduction", "%", 55, 88)], [
        ("Paste backfill mining under buildings in the {site}", "{site_zh}建筑物下膏体充填开采"),
        ("Solid backfill mining with gangue and fly ash in the {site}",
         "{site_zh}矸石和粉煤灰固体充填采煤"),
        ("Surface subsidence control by backfill mining in the {site}", "{site_zh}充填开采控制地表沉陷"),
        ("Strength development of cemented gangue backfill", "胶结矸石充填体强度演化")], [
        ("Solid backfilling hydraulic support", "一种固体充填液压支架"),
        ("Paste backfill material based on coal gangue", "一种煤矸石基膏体充填材料")]),
    "coal-mining-methane": _t(9, "flat", "E21F 7/00;E21B 43/26", "directional drilling;"
                              "hydraulic fracturing;low permeability;coalbed methane",
                              [("gas drainage rate", "%", 35, 72)], [
        ("Gas drainage by directional long boreholes in the {site}", "{site_zh}定向长钻孔瓦斯抽采"),
        ("Hydraulic fracturing of low-permeability seams for CMM drainage in the {site}",
         "{site_zh}低透气性煤层水力压裂增透瓦斯抽采"),
        ("Coalbed methane extraction in the Qinshui basin", "沁水盆地煤层气开发"),
        ("Utilization of low-concentration coal mine methane from the {site}",
         "{site_zh}低浓度瓦斯利用技术")], [
        ("Method for pre-drainage of coal seam gas by hydraulic slotting",
         "一种水力割缝预抽煤层瓦斯的方法"),
        ("Borehole sealing device for gas drainage", "一种瓦斯抽采钻孔封孔装置")],
        "coal-mining-safety"),
    "coal-mining-safety": _t(11, "growing", "E21F 17/18;G08B 21/18", "rock burst;microseismic "
                             "monitoring;outburst warning;spontaneous combustion;water inrush",
                             [("warning accuracy", "%", 78, 95)], [
        ("Rock burst monitoring by microseismic and stress sensing in the {site}",
         "{site_zh}微震与应力联合监测冲击地压"),
        ("Early warning of coal and gas outbursts using multi-source data in the {site}",
         "{site_zh}多源数据融合的煤与瓦斯突出预警"),
        ("Mine safety monitoring system based on the industrial internet in the {site}",
         "基于工业互联网的{site_zh}矿井安全监测系统"),
        ("Spontaneous combustion of coal in goafs of the {site}: detection and prevention",
         "{site_zh}采空区煤自燃探测与防治"),
        ("Water inrush risk assessment for coal floors in the {site}", "{site_zh}煤层底板突水风险评价")],
        [("Rock burst early warning method based on microseismic energy",
          "一种基于微震能量的冲击地压预警方法"),
         ("Wireless sensor node for mine gas monitoring", "一种矿井瓦斯监测无线传感节点"),
         ("Fire prevention gel for coal spontaneous combustion", "一种防治煤自燃的阻化凝胶")],
        "coal-mining-smart"),
    "coal-clean-prep": _t(7, "flat", "B03B 5/00;B03D 1/00", "dense medium cyclone;dry "
                          "separation;flotation;coal slime", [("clean coal ash", "%", 7, 12)], [
        ("Dense medium cyclone separation of {coal}", "{coal_zh}重介质旋流器分选"),
        ("Dry beneficiation of {coal} with an air dense medium fluidized bed",
         "{coal_zh}空气重介质流化床干法分选"),
        ("Flotation of fine {coal} slime with novel collectors", "新型捕收剂浮选{coal_zh}细粒煤泥"),
        ("Intelligent control of a coal preparation plant for {coal}",
         "{coal_zh}选煤厂智能化控制")], [
        ("Air dense medium fluidized bed dry separator", "一种空气重介流化床干法分选机"),
        ("Compound collector for coal slime flotation", "一种煤泥浮选复合捕收剂")]),
    "coal-clean-gasif": _t(10, "flat", "C10J 3/46;C10J 3/48", "entrained flow;coal-water "
                           "slurry;ash fusion;slag viscosity;opposed multi-burner",
                           [("carbon conversion", "%", 96, 99.5)], [
        ("Entrained-flow gasification of {coal}: slag viscosity and ash fusion",
         "{coal_zh}气流床气化灰熔融与渣黏度特性"),
        ("Opposed multi-burner coal-water slurry gasification of {coal} at industrial scale",
         "工业规模{coal_zh}多喷嘴对置式水煤浆气化"),
        ("Pulverized {coal} gasification for coal-to-chemicals in the Ningdong base",
         "宁东基地{coal_zh}粉煤气化制化学品"),
        ("CO2 gasification reactivity of {coal} char", "{coal_zh}焦炭CO2气化反应性"),
        ("Co-gasification of {coal} and biomass in entrained-flow gasifiers",
         "{coal_zh}与生物质气流床共气化")], [
        ("Burner for entrained-flow coal gasifier", "一种气流床煤气化炉烧嘴"),
        ("Water-cooled wall for pulverized coal gasifier", "一种粉煤气化炉水冷壁"),
        ("Method for gasifying high ash fusion temperature coal", "一种高灰熔点煤气化方法")],
        "coal-clean-olefins bm-fuel-gasif"),
    "coal-clean-liquef": _t(8, "declining", "C10G 1/06;C10G 2/00", "direct liquefaction;"
                            "iron catalyst;Fischer-Tropsch;liquefaction residue",
                            [("oil yield", "wt% daf", 50, 63)], [
        ("Direct coal liquefaction of {coal} with iron-based catalysts",
         "{coal_zh}铁系催化剂直接液化"),
        ("Fischer-Tropsch synthesis for indirect coal-to-liquids from {coal}",
         "{coal_zh}间接煤制油费托合成"),
        ("Operation of a direct coal liquefaction demonstration plant on {coal}",
         "{coal_zh}煤直接液化示范装置运行"),
        ("Utilization of liquefaction residue from {coal}", "{coal_zh}液化残渣利用")], [
        ("Iron-based catalyst for direct coal liquefaction", "一种煤直接液化铁系催化剂"),
        ("Method for processing coal liquefaction residue", "一种煤液化残渣加工方法")]),
    "coal-clean-olefins": _t(9, "mature", "C07C 1/20;B01J 29/85", "methanol-to-olefins;"
                             "SAPO-34;coke;fluidized bed;water footprint",
                             [("light olefin selectivity", "%", 78, 90)], [
        ("Methanol-to-olefins over SAPO-34: coke formation and regeneration in {coal} CTO plants",
         "{coal_zh}煤制烯烃装置中SAPO-34积炭与再生"),
        ("Coal-to-olefins in the {site}: water and carbon footprint", "{site_zh}煤制烯烃水耗与碳足迹"),
        ("Fluidized-bed MTO process scale-up with {coal}-derived methanol",
         "{coal_zh}甲醇流化床制烯烃工艺放大"),
        ("Ethylene to propylene ratio control in CTO plants using {coal}",
         "{coal_zh}煤制烯烃装置乙烯/丙烯比调控")], [
        ("SAPO-34 molecular sieve catalyst with hierarchical pores",
         "一种多级孔SAPO-34分子筛催化剂"),
        ("Fluidized bed reactor for methanol-to-olefins", "一种甲醇制烯烃流化床反应器")],
        "coal-clean-gasif coal-clean-ccus"),
    "coal-clean-usc": _t(6, "declining", "F22B 1/02;C22C 19/05", "700 °C boilers;double reheat;"
                         "flexible operation;nickel alloys", [("net efficiency", "%", 44, 48.5)], [
        ("Steam oxidation of alloys for 700 °C ultra-supercritical boilers firing {coal}",
         "燃用{coal_zh}的700℃超超临界锅炉合金蒸汽氧化"),
        ("Flexible operation of ultra-supercritical units firing {coal}",
         "燃用{coal_zh}超超临界机组灵活运行"),
        ("Double reheat USC units burning {coal}: efficiency and emissions",
         "燃用{coal_zh}二次再热超超临界机组效率与排放")], [
        ("Double-reheat ultra-supercritical boiler system", "一种二次再热超超临界锅炉系统"),
        ("Nickel-based alloy for ultra-supercritical boiler tubes", "一种超超临界锅炉管用镍基合金")],
        "coal-clean-ccus"),
    "coal-clean-ccus": _t(12, "emerging", "B01D 53/14;B01D 53/62", "amine absorption;CO2-EOR;"
                          "mineralization;capture cost;geological storage",
                          [("capture energy penalty", "GJ/t CO2", 2.3, 3.6)], [
        ("Post-combustion CO2 capture with amine solvents at power plants firing {coal}",
         "燃用{coal_zh}电厂胺法燃烧后CO2捕集"),
        ("CO2-EOR and storage in the {site}", "{site_zh}CO2驱油与封存"),
        ("Coupling CCUS with coal-to-chemicals using {coal} for low-cost capture",
         "{coal_zh}煤化工耦合CCUS低成本碳捕集"),
        ("Techno-economics of carbon capture retrofits in the {site}", "{site_zh}碳捕集改造技术经济性"),
        ("Mineral carbonation of fly ash from {coal} for CO2 utilization",
         "{coal_zh}粉煤灰矿化利用CO2")], [
        ("Low-energy amine absorbent for CO2 capture", "一种低能耗CO2捕集胺吸收剂"),
        ("Method for mineralization of CO2 using coal fly ash", "一种利用粉煤灰矿化CO2的方法"),
        ("CO2 capture system integrated with coal-to-methanol plant",
         "一种与煤制甲醇装置集成的CO2捕集系统")], "coal-clean-olefins"),
}

REPORTS = [
    ("Development report on China's cellulosic ethanol industry 2019", "中国纤维素乙醇产业发展报告（2019）",
     ["bm-fuel-cellet", "bm-pre-enzyme"], 2019, "National Science Library, CAS (consulting report)",
     ["inst-nslc"], "A landscape of cellulosic ethanol (second-generation ethanol) demonstration "
     "plants, cellulase supply and policy in China, with a focus on corn straw in Jilin."),
    ("Technology foresight on bio-based materials: PLA, PHA and PBS", "生物基材料技术预见：PLA、PHA与PBS",
     ["bm-poly-pla", "bm-poly-pha", "bm-poly-pbs"], 2022,
     "National Science Library, CAS (consulting report)", ["inst-nslc", "inst-ciac"],
     "Patent and paper analysis of polylactic acid, polyhydroxyalkanoates and polybutylene "
     "succinate; lactide supply is identified as the bottleneck of the PLA chain."),
    ("Patent landscape of cellulase enzymes for biomass saccharification", "生物质糖化纤维素酶专利态势分析",
     ["bm-pre-enzyme"], 2021, "National Science Library, CAS (consulting report)", ["inst-nslc"],
     "Cellulase patents are concentrated in a few foreign companies; domestic applicants grow "
     "quickly but hold few core strain patents."),
    ("Jilin province straw comprehensive utilization: status and recommendations",
     "吉林省秸秆综合利用现状与对策建议", ["bm", "bm-fuel-pellet", "bm-fuel-biogas"], 2020,
     "Jilin Institute of Scientific and Technical Information", ["inst-jlisti", "inst-jaas"],
     "Corn straw resources, collection logistics, pellet fuel, biogas and cellulosic ethanol "
     "in Jilin; straw collection cost is the main constraint."),
    ("Sustainable aviation fuel pathways: global progress and implications for China",
     "可持续航空燃料技术路线：全球进展及对中国的启示", ["bm-fuel-jet"], 2024,
     "National Science Library, CAS (consulting report)", ["inst-nslc", "inst-qibebt"],
     "Reviews HEFA, alcohol-to-jet and gasification-FT routes to SAF (bio-jet fuel) and "
     "feedstock availability in China."),
    ("Biorefinery of corn stover: techno-economic benchmark", "玉米秸秆生物炼制技术经济基准",
     ["bm-fuel-cellet", "bm-pre-acid"], 2011, "NREL Technical Report", ["inst-nrel"],
     "A design case for dilute acid pretreatment and enzymatic hydrolysis of corn stover to "
     "cellulosic ethanol with a minimum ethanol selling price estimate."),
    ("Annual report on intelligent coal mine construction in China 2023",
     "中国智能化煤矿建设年度报告（2023）", ["coal-mining-smart"], 2023,
     "China National Coal Association", ["inst-cnca", "inst-ccri"],
     "Status of intelligent mining faces, unmanned mining and smart mine standards across "
     "Shanxi, Inner Mongolia and Shaanxi."),
    ("Coal-to-chemicals industry development report 2021", "现代煤化工产业发展报告（2021）",
     ["coal-clean-gasif", "coal-clean-olefins", "coal-clean-liquef"], 2021,
     "China Coal Processing & Utilization Association", ["inst-ccia", "inst-icc"],
     "Capacity of coal-to-olefins, coal-to-liquids and coal gasification in Ningdong, Ordos "
     "and Yulin; water use and carbon emissions are the main constraints."),
    ("CCUS in China's coal sector: status and roadmap", "中国煤炭行业CCUS现状与路线图",
     ["coal-clean-ccus"], 2022, "China Energy Investment Corporation (technical report)",
     ["inst-chnenergy", "inst-tsinghua"], "Reviews carbon capture, utilization and storage "
     "projects at coal power and coal chemical plants, with cost curves."),
    ("Technology roadmap for coal mine methane drainage and utilization",
     "煤矿瓦斯抽采与利用技术路线图", ["coal-mining-methane"], 2016,
     "China Coal Research Institute (technical report)", ["inst-ccri", "inst-cumt"],
     "Gas drainage technologies, coalbed methane utilization rates and priorities for "
     "low-permeability seams."),
    ("Biomass industry chain in Northeast China: weak links and countermeasures",
     "东北地区生物质产业链薄弱环节与对策", ["bm", "bm-pre-enzyme", "bm-poly-pla"], 2023,
     "National Science Library, CAS (consulting report)", ["inst-nslc", "inst-jlbia"],
     "Identifies cellulase enzymes, continuous pretreatment equipment and lactide as weak links "
     "of the biomass industry chain in Jilin."),
    ("Lignin valorization research roadmap", "木质素高值化利用研究路线图", ["bm-poly-lignin"], 2018,
     "NREL Technical Report", ["inst-nrel", "inst-uwm"],
     "Priorities for lignin-first biorefining, reductive catalytic fractionation and "
     "lignin-based materials."),
]
STANDARDS = [
    ("Technical specification for collection, storage and transportation of corn straw",
     "玉米秸秆收储运技术规范", ["bm", "bm-fuel-pellet"], 2019, "Jilin provincial local standard",
     ["inst-jaas", "inst-songyuan-logistics"], "Specifies baling, storage and transport of corn "
     "straw for energy and industrial use."),
    ("Densified biomass fuel: technical conditions", "生物质成型燃料技术条件", ["bm-fuel-pellet"],
     2015, "Industry standard (energy)", ["inst-giec"], "Requirements for pellets: durability, "
     "ash, moisture and calorific value."),
    ("Fuel ethanol from lignocellulose: test methods", "木质纤维素燃料乙醇检测方法",
     ["bm-fuel-cellet"], 2018, "Group standard", ["inst-jlfa", "inst-jlu"],
     "Analytical methods for cellulosic ethanol quality and process sugars."),
    ("Biodegradable polylactic acid film for packaging", "包装用生物降解聚乳酸薄膜",
     ["bm-poly-pla"], 2021, "Group standard", ["inst-ciac", "inst-xinhe-pla"],
     "Specifies PLA film properties, biodegradation and labelling."),
    ("Biogas plants for straw: design code for cold regions", "寒区秸秆沼气工程设计规范",
     ["bm-fuel-biogas"], 2017, "Jilin provincial local standard", ["inst-jaas", "inst-jlau"],
     "Design of insulated digesters and heating for straw biogas plants in cold climates."),
    ("Specification for intelligent fully mechanized mining face", "智能化综采工作面技术规范",
     ["coal-mining-smart", "coal-mining-longwall"], 2020, "Coal industry standard",
     ["inst-ccri", "inst-cctegco"], "Requirements for intelligent mining faces: perception, "
     "control, communication and safety."),
    ("Code for gas drainage in coal mines", "煤矿瓦斯抽采规范", ["coal-mining-methane"], 2016,
     "Coal industry standard", ["inst-ccri"], "Design and operation of gas drainage systems."),
    ("Technical specification for paste backfill mining", "膏体充填开采技术规范",
     ["coal-mining-backfill"], 2022, "Coal industry standard", ["inst-cumt", "inst-xzcoal"],
     "Materials, pipeline transport and quality control for paste backfill."),
    ("Guidelines for rock burst monitoring and early warning", "冲击地压监测预警技术导则",
     ["coal-mining-safety"], 2021, "Coal industry standard", ["inst-cumt", "inst-sdust"],
     "Microseismic, stress and drilling-cuttings monitoring and warning thresholds."),
    ("Energy consumption norm for coal-to-olefins plants", "煤制烯烃单位产品能源消耗限额",
     ["coal-clean-olefins"], 2019, "National standard (draft for comment)",
     ["inst-icc", "inst-ningxiacoal"], "Limits of energy use per tonne of olefins."),
]
ACHIEVEMENTS = [
    ("Industrial demonstration of cellulosic ethanol from corn straw with continuous steam "
     "explosion", "玉米秸秆连续汽爆纤维素乙醇产业化示范", ["bm-fuel-cellet", "bm-pre-steam"], 2016,
     "Jilin Provincial S&T Achievement Registry", ["inst-jlfa", "inst-jlu", "inst-ruifeng"],
     "A continuous steam explosion line and enzymatic hydrolysis were demonstrated at "
     "industrial scale in Jilin."),
    ("High-efficiency catalysts and process for polylactide production", "聚乳酸高效催化剂及制备技术",
     ["bm-poly-pla"], 2019, "Jilin Provincial S&T Achievement Registry",
     ["inst-ciac", "inst-xinhe-pla"], "Rare-earth and aluminum catalysts for lactide "
     "ring-opening polymerization transferred to a 10 kt/a PLA line."),
    ("Key technology of straw pellet fuel for rural clean heating", "农村清洁供暖秸秆成型燃料关键技术",
     ["bm-fuel-pellet"], 2018, "Jilin Provincial S&T Achievement Registry",
     ["inst-jaas", "inst-lvyuan"], "Anti-slagging pellets and boilers for village heating."),
    ("Straw biogas plants operating through the Jilin winter", "吉林冬季稳定运行秸秆沼气工程技术",
     ["bm-fuel-biogas"], 2020, "Jilin Provincial S&T Achievement Registry",
     ["inst-jlau", "inst-hongda-biogas"], "Insulated digesters and co-digestion kept methane "
     "yield stable at -25 °C ambient temperature."),
    ("L-lactic acid from corn straw sugars", "秸秆糖制备L-乳酸技术", ["bm-chem-lactic"], 2022,
     "Jilin Provincial S&T Achievement Registry", ["inst-ccut", "inst-cofco-yushu"],
     "Open high-temperature fermentation of straw hydrolysate to polymer-grade L-lactic acid."),
    ("Cellulase production with domestic Trichoderma strains", "国产里氏木霉纤维素酶生产技术",
     ["bm-pre-enzyme"], 2023, "Jilin Provincial S&T Achievement Registry",
     ["inst-jlu", "inst-ruixiang-enzyme"], "A domestic cellulase preparation reduced enzyme cost "
     "per tonne of ethanol by about one third in pilot tests."),
    ("Intelligent unmanned mining of thin seams", "薄煤层智能化无人开采关键技术",
     ["coal-mining-smart"], 2021, "National S&T Progress Award (second class)",
     ["inst-ccri", "inst-jinneng", "inst-jinbei"], "Automatic shearer control, hydraulic support "
     "following and remote monitoring for thin coal seams."),
    ("Solid backfill mining under villages", "村庄下固体充填采煤技术", ["coal-mining-backfill"],
     2013, "National S&T Progress Award (second class)", ["inst-cumt", "inst-xzcoal"],
     "Gangue backfill released coal under villages with surface subsidence controlled."),
    ("Direct coal liquefaction million-tonne demonstration", "百万吨级煤直接液化示范",
     ["coal-clean-liquef"], 2012, "National S&T Progress Award", ["inst-chnenergy"],
     "Operation of the first direct coal liquefaction demonstration plant in Ordos."),
    ("Multi-burner opposed coal-water slurry gasification", "多喷嘴对置式水煤浆气化技术",
     ["coal-clean-gasif"], 2010, "National S&T Progress Award", ["inst-ecust"],
     "Opposed multi-burner entrained-flow gasification technology licensed to many plants."),
    ("Methanol-to-olefins (DMTO) technology", "甲醇制烯烃（DMTO）技术", ["coal-clean-olefins"], 2014,
     "National Technology Invention Award", ["inst-dicp"],
     "Fluidized-bed methanol-to-olefins over SAPO-34, the basis of coal-to-olefins in China."),
    ("Rock burst monitoring and early warning system", "冲击地压监测预警系统",
     ["coal-mining-safety"], 2019, "Shandong Provincial S&T Award", ["inst-sdust", "inst-yankuang"],
     "Microseismic and stress monitoring for deep mines in the Yanzhou coalfield."),
]

# title_en, title_zh, techs, start, end, funder, budget (10k CNY), institutions, abstract
FLAGSHIP_PROJECTS = [
    ("Key technologies for high-value utilization of corn straw in Northeast China",
     "东北地区玉米秸秆高值化利用关键技术", ["bm-fuel-cellet", "bm-pre-steam", "bm-pre-enzyme"],
     2019, 2023, "inst-most", 2850, ["inst-jlu", "inst-ciac", "inst-jlfa", "inst-cofco-yushu"],
     "National Key R&D Program project: continuous pretreatment, on-site cellulase and "
     "co-fermentation for cellulosic ethanol from corn straw in Jilin."),
    ("Bio-based polymer materials from non-food biomass", "非粮生物质基高分子材料",
     ["bm-poly-pla", "bm-poly-pha", "bm-chem-lactic"], 2021, 2025, "inst-most", 3200,
     ["inst-ciac", "inst-ccut", "inst-xinhe-pla"], "National Key R&D Program project on "
     "lactic acid from straw sugars, lactide purification and PLA modification."),
    ("Jilin biomass industry innovation platform", "吉林省生物质产业创新平台建设",
     ["bm", "bm-fuel-cellet", "bm-poly-pla"], 2018, 2021, "inst-jldst", 500,
     ["inst-jlbia", "inst-nslc", "inst-jlisti"], "Jilin provincial project building the biomass "
     "consulting platform: expert, technology and demand databases with the National Science "
     "Library."),
    ("Straw-based biogas and bio-natural gas demonstration in western Jilin",
     "吉林西部秸秆生物天然气示范", ["bm-fuel-biogas"], 2020, 2023, "inst-jldrc", 1200,
     ["inst-jaas", "inst-baicheng-gas", "inst-jlau"], "Demonstration of co-digestion and "
     "biomethane upgrading in Baicheng."),
    ("Intelligent mining of thick coal seams in western China", "西部厚煤层智能开采关键技术",
     ["coal-mining-smart", "coal-mining-longwall"], 2020, 2024, "inst-most", 3600,
     ["inst-ccri", "inst-cumt", "inst-shenhua", "inst-zmj"], "National Key R&D Program project "
     "on unmanned mining faces in the Shendong mining area."),
    ("Rock burst prevention in deep coal mines", "深部煤矿冲击地压防控", ["coal-mining-safety"],
     2017, 2021, "inst-most", 2400, ["inst-cumt", "inst-sdust", "inst-yankuang"],
     "National Key R&D Program project on rock burst monitoring, warning and control."),
    ("Low-carbon coal-to-olefins with CCUS", "煤制烯烃耦合CCUS低碳技术",
     ["coal-clean-olefins", "coal-clean-ccus"], 2022, 2026, "inst-most", 2900,
     ["inst-dicp", "inst-tsinghua", "inst-huasheng"], "National Key R&D Program project "
     "integrating CO2 capture with coal-to-olefins plants in Yulin."),
    ("Coal mine methane drainage in low-permeability seams of Shanxi",
     "山西低透气性煤层瓦斯高效抽采", ["coal-mining-methane"], 2016, 2019, "inst-sxdst", 800,
     ["inst-tyut", "inst-jinneng"], "Shanxi provincial project on hydraulic fracturing and "
     "directional drilling."),
    ("Cellulosic ethanol: biochemical conversion platform", "纤维素乙醇生化转化平台",
     ["bm-fuel-cellet", "bm-pre-acid"], 2010, 2015, "inst-doe", 6500, ["inst-nrel"],
     "US DOE Bioenergy Technologies Office funded biochemical conversion research."),
]

# title_en, title_zh, description, enterprise_id, enterprise_name, region, year, techs, keywords
DEMANDS = [
    ("Low-cost continuous pretreatment of corn straw", "玉米秸秆低成本连续预处理技术",
     "我公司拟建设年产3万吨纤维素乙醇装置，需要吨秸秆蒸汽消耗低于1.2吨、糖得率高于85%的连续汽爆预处理技术及装备。",
     "inst-cofco-yushu", "", "CN-JL-yushu", 2023, ["bm-pre-steam", "bm-fuel-cellet"],
     ["steam explosion", "corn straw", "汽爆"]),
    ("Domestic cellulase with lower cost per tonne of ethanol", "降低吨乙醇酶耗的国产纤维素酶",
     "纤维素酶成本占纤维素乙醇生产成本的20%以上且依赖进口，寻求国产高活性纤维素酶制剂或现场产酶技术合作。",
     "inst-jlfa", "", "CN-JL-jilin", 2022, ["bm-pre-enzyme"], ["cellulase", "纤维素酶", "on-site enzyme"]),
    ("Co-fermentation yeast for C5 and C6 sugars", "五碳糖六碳糖共发酵酵母",
     "Need an industrial Saccharomyces strain that ferments xylose and glucose together in straw "
     "hydrolysate with inhibitor tolerance.", "inst-jlfa", "", "CN-JL-jilin", 2024,
     ["bm-fuel-cellet"], ["xylose fermentation", "yeast", "木糖"]),
    ("Straw collection logistics optimization in Songyuan", "松原秸秆收储运体系优化",
     "秸秆收集半径大、季节集中，需要收储运网络优化与打捆、防火储存方案，降低到厂成本至300元/吨以下。",
     "inst-songyuan-logistics", "", "CN-JL-songyuan", 2023, ["bm-fuel-pellet", "bm"],
     ["straw logistics", "收储运"]),
    ("Anti-slagging straw pellets for village heating", "农村供暖秸秆颗粒防结渣",
     "Our straw pellets slag in small heating boilers; we need additives or blending recipes that "
     "keep ash fusion temperature above 1200 °C.", "inst-lvyuan", "", "CN-JL-changchun", 2022,
     ["bm-fuel-pellet"], ["slagging", "pellet fuel", "结渣"]),
    ("Stable winter operation of straw biogas plants", "秸秆沼气工程冬季稳定运行",
     "冬季环境温度-25℃以下时产气量下降50%，需要保温增温与菌剂技术。", "inst-hongda-biogas", "",
     "CN-JL-siping", 2021, ["bm-fuel-biogas"], ["anaerobic digestion", "cold region", "沼气"]),
    ("Biomethane upgrading to grid quality", "生物天然气提纯入网",
     "需要低能耗沼气提纯（膜分离或变压吸附）技术，甲烷含量≥97%，满足入网标准。", "inst-baicheng-gas", "",
     "CN-JL-baicheng", 2023, ["bm-fuel-biogas"], ["biomethane", "upgrading", "提纯"]),
    ("High-purity lactide for PLA", "聚乳酸用高纯丙交酯制备技术",
     "丙交酯依赖进口，寻求光学纯度≥99.5%的丙交酯合成与精制技术，规模万吨级。", "inst-xinhe-pla", "",
     "CN-JL-changchun", 2024, ["bm-poly-pla", "bm-chem-lactic"], ["lactide", "丙交酯", "PLA"]),
    ("Heat-resistant PLA tableware", "耐热聚乳酸餐具", "Need PLA compounds with heat distortion "
     "temperature above 100 °C for hot-food tableware, keeping compostability.", "inst-xinhe-pla",
     "", "CN-JL-changchun", 2023, ["bm-poly-pla"], ["heat resistance", "stereocomplex", "耐热"]),
    ("Lactic acid from straw sugars instead of corn starch", "以秸秆糖替代玉米淀粉生产乳酸",
     "寻求利用秸秆水解糖高产L-乳酸的菌种和工艺，降低粮食原料依赖。", "inst-cofco-yushu", "",
     "CN-JL-yushu", 2024, ["bm-chem-lactic", "bm-pre-enzyme"], ["lactic acid", "非粮", "乳酸"]),
    ("Lignin residue valorization", "纤维素乙醇木质素残渣高值利用",
     "每年产生约5万吨酶解木质素残渣，目前仅作燃料，希望开发酚醛树脂或碳材料等高值产品。", "inst-jlfa", "",
     "CN-JL-jilin", 2022, ["bm-poly-lignin"], ["lignin", "木质素", "phenolic resin"]),
    ("Sustainable aviation fuel from corn-based ethanol", "玉米乙醇制可持续航空燃料",
     "Looking for alcohol-to-jet technology partners to convert fuel ethanol to SAF meeting "
     "ASTM D7566.", "inst-cofco-yushu", "", "CN-JL-yushu", 2025, ["bm-fuel-jet"],
     ["SAF", "alcohol-to-jet", "生物航煤"]),
    ("Biodegradable mulch film for Jilin maize fields", "吉林玉米田全生物降解地膜",
     "需要适合东北低温条件、降解周期可控的PBS/PBAT基全生物降解地膜。", "", "吉林省丰禾农业科技有限公司",
     "CN-JL-gongzhuling", 2023, ["bm-poly-pbs", "bm-poly-pla"], ["mulch film", "地膜"]),
    ("Nanocellulose from straw for packaging coatings", "秸秆纳米纤维素包装涂层",
     "Seeking low-energy production of cellulose nanofibrils from straw pulp for barrier "
     "coatings.", "", "长春华纸包装材料有限公司", "CN-JL-changchun", 2024, ["bm-poly-nanocell"],
     ["nanocellulose", "barrier coating"]),
    ("Furfural residue utilization", "糠醛渣综合利用", "我厂每年产生糠醛渣8万吨，寻求制备纤维素乙醇或有机肥的技术。",
     "", "白城市恒达糠醛有限公司", "CN-JL-baicheng", 2021, ["bm-chem-furfural", "bm-fuel-cellet"],
     ["furfural residue", "糠醛渣"]),
    ("Continuous steam explosion reactor with domestic alternative supply",
     "连续汽爆反应器国产化第二供应商", "现有连续汽爆设备仅一家供应商，需开发第二来源，关键部件为卸料阀和高压螺旋喂料器。",
     "inst-jlfa", "", "CN-JL-jilin", 2024, ["bm-pre-steam"], ["single source", "汽爆设备"]),
    ("Unmanned mining face for thin seams in Datong", "大同薄煤层无人化工作面",
     "需要薄煤层（1.1-1.4 m）智能化开采整体方案，实现工作面常态化无人操作。", "inst-jinneng", "",
     "CN-SX-datong", 2022, ["coal-mining-smart"], ["intelligent mining", "薄煤层", "无人化"]),
    ("Rock burst early warning in deep mines", "深部矿井冲击地压预警",
     "Mining depth exceeds 1000 m; need microseismic and stress monitoring with warning accuracy "
     "above 85%.", "inst-yankuang", "", "CN-SD-zoucheng", 2023, ["coal-mining-safety"],
     ["rock burst", "冲击地压", "microseismic"]),
    ("Gangue backfill to free coal under villages", "矸石充填开采村庄下压煤",
     "需要低成本膏体或固体充填方案，控制地表下沉小于30 mm。", "inst-xzcoal", "", "CN-JS-xuzhou", 2021,
     ["coal-mining-backfill"], ["backfill", "充填", "subsidence"]),
    ("High-ash-fusion coal gasification", "高灰熔点煤气化", "Our Ordos plant must gasify coal with "
     "ash fusion temperature above 1450 °C; need flux and burner solutions.", "inst-hengtai", "",
     "CN-NM-ordos", 2022, ["coal-clean-gasif"], ["ash fusion", "gasifier", "气化"]),
    ("Domestic high-pressure coal slurry pumps", "高压煤浆泵国产化",
     "气化装置高压煤浆泵依赖进口，交货期长，寻求国产化研制合作。", "inst-ningxiacoal", "",
     "CN-NX-yinchuan", 2023, ["coal-clean-gasif", "coal-clean-liquef"], ["slurry pump", "国产化"]),
    ("CO2 capture from coal-to-olefins process gas", "煤制烯烃工艺气CO2捕集",
     "需要低能耗高浓度CO2捕集与驱油封存方案，年捕集规模30万吨。", "inst-huasheng", "", "CN-SN-yulin",
     2024, ["coal-clean-ccus", "coal-clean-olefins"], ["CCUS", "碳捕集"]),
    ("Coal mine methane utilization for low-concentration gas", "低浓度瓦斯利用",
     "矿井抽采瓦斯浓度低于10%，需要安全输送与蓄热氧化利用技术。", "inst-jinneng", "", "CN-SX-jincheng",
     2021, ["coal-mining-methane"], ["low-concentration methane", "瓦斯利用"]),
    ("Dry coal separation where water is scarce", "缺水地区干法选煤", "Our Ordos mines lack water for "
     "washing; need dry beneficiation (air dense medium) for 3 Mt/a.", "", "鄂尔多斯市金泰选煤有限公司",
     "CN-NM-ordos", 2022, ["coal-clean-prep"], ["dry separation", "干法选煤"]),
]


def _seg(chain: str, sid: str, name: str, zh: str, pos: str, order: int, codes: str,
         desc: str) -> dict:
    return {"chain_id": chain, "segment_id": sid, "name": name, "name_zh": zh, "position": pos,
            "order": order, "industry_codes": codes.split(";"), "description": desc}


def _item(iid: str, chain: str, name: str, zh: str, kind: str, seg: str, techs: str,
          desc: str) -> dict:
    return {"item_id": iid, "chain_id": chain, "name": name, "name_zh": zh, "kind": kind,
            "segment_id": seg, "technologies": techs.split(), "description": desc}


def _prov(pid: str, name: str, zh: str, kind: str, agg: str, country: str, region: str = "",
          institution: str = "") -> dict:
    return {"provider_id": pid, "name": name, "name_zh": zh, "kind": kind, "aggregate": agg,
            "country": country, "region": region, "institution": institution}


SRC_EST = "Sample data: illustrative estimate compiled from public industry reports"
SRC_NSL = "Sample data: NSL-CAS biomass consulting platform estimate"
_BM, _CC = "biomass", "coal-chemical"
CHAINS = {
    "chains": [
        {"chain_id": _BM, "name": "Biomass industry chain", "name_zh": "生物质产业链",
         "industry_codes": ["GBT4754:C2541", "GBT4754:C2542", "GBT4754:D4417", "ISIC:3821",
                            "ISIC:3510"],
         "description": "From corn straw and forestry residues in Jilin through pretreatment and "
                        "conversion to fuel ethanol, biogas, pellets and bio-based materials (PLA)."},
        {"chain_id": _CC, "name": "Coal chemical industry chain", "name_zh": "煤化工产业链",
         "industry_codes": ["GBT4754:B0610", "GBT4754:C2522", "GBT4754:C2523", "ISIC:0510",
                            "ISIC:1910"],
         "description": "Coal mining and preparation, gasification, coal-to-olefins and "
                        "coal-to-liquids, and their markets (Shanxi, Inner Mongolia, Shaanxi, "
                        "Ningxia)."},
    ],
    "segments": [
        _seg(_BM, "bm-seg-feedstock", "Feedstock collection and logistics", "原料收储运",
             "upstream", 1, "GBT4754:A0113;GBT4754:A0241;GBT4754:G5431;ISIC:0111;ISIC:0220;"
             "ISIC:4923", "Corn straw and forestry residue collection, baling, storage, transport."),
        _seg(_BM, "bm-seg-pretreat", "Pretreatment", "预处理", "midstream", 2,
             "GBT4754:C2541;GBT4754:C3521;ISIC:3821;ISIC:2829",
             "Steam explosion, dilute acid or alkali pretreatment and enzymatic hydrolysis."),
        _seg(_BM, "bm-seg-conversion", "Conversion", "转化", "midstream", 3,
             "GBT4754:C2541;GBT4754:C2542;GBT4754:C1511;ISIC:3821;ISIC:2011",
             "Cellulosic ethanol, biogas, lactic acid fermentation and pellet densification."),
        _seg(_BM, "bm-seg-products", "Bio-based products", "生物基产品", "downstream", 4,
             "GBT4754:C2651;GBT4754:C2614;GBT4754:C2831;ISIC:2013;ISIC:2011;ISIC:2030",
             "Lactide, PLA resin and fibres, furfural and other bio-based chemicals."),
        _seg(_BM, "bm-seg-markets", "Markets and applications", "市场与应用", "downstream", 5,
             "GBT4754:F5162;GBT4754:C2921;GBT4754:D4417;ISIC:4661;ISIC:2220;ISIC:3510",
             "E10 gasoline blending, packaging films, heat and power, SAF."),
        _seg(_CC, "cc-seg-mining", "Coal mining", "煤炭开采", "upstream", 1,
             "GBT4754:B0610;GBT4754:B0620;GBT4754:C3511;ISIC:0510;ISIC:0520;ISIC:2824",
             "Underground longwall and intelligent mining, gas drainage, mining machinery."),
        _seg(_CC, "cc-seg-prep", "Coal preparation", "煤炭洗选", "upstream", 2,
             "GBT4754:B0610;ISIC:0510", "Washing, dense medium and dry separation, flotation."),
        _seg(_CC, "cc-seg-gasif", "Coal gasification", "煤气化", "midstream", 3,
             "GBT4754:C2522;GBT4754:C3521;ISIC:1910;ISIC:2829",
             "Entrained-flow gasification to syngas; air separation; methanol synthesis."),
        _seg(_CC, "cc-seg-synthesis", "Olefins and liquid fuels", "烯烃与液体燃料", "midstream", 4,
             "GBT4754:C2523;GBT4754:C2614;GBT4754:C2651;ISIC:1910;ISIC:2011;ISIC:2013",
             "Methanol-to-olefins, direct and indirect coal liquefaction, polyolefins."),
        _seg(_CC, "cc-seg-markets", "Markets", "市场", "downstream", 5,
             "GBT4754:F5162;GBT4754:C2921;GBT4754:D4411;ISIC:4661;ISIC:2220;ISIC:3510",
             "Fuels wholesale, plastic products, coal power; CCUS services."),
    ],
    "items": [
        _item("bm-corn-straw", _BM, "Corn straw", "玉米秸秆", "material", "bm-seg-feedstock", "bm",
              "About 40 Mt/a of corn straw in Jilin."),
        _item("bm-forest-residue", _BM, "Forestry residues", "林业剩余物", "material",
              "bm-seg-feedstock", "bm", "Branches and sawmill residues from eastern Jilin."),
        _item("bm-corncob", _BM, "Corncob", "玉米芯", "material", "bm-seg-feedstock", "bm-chem-furfural",
              "Feedstock for furfural."),
        _item("bm-baler", _BM, "Straw balers", "秸秆打捆机", "equipment", "bm-seg-feedstock", "bm",
              "Square and round balers for straw collection."),
        _item("bm-logistics", _BM, "Straw collection, storage and transport", "秸秆收储运服务",
              "service", "bm-seg-feedstock", "bm bm-fuel-pellet", "Collection radius, storage yards."),
        _item("bm-steam-reactor", _BM, "Continuous steam explosion reactor", "连续汽爆反应器",
              "equipment", "bm-seg-pretreat", "bm-pre-steam",
              "Weak link: a single domestic supplier of the continuous line."),
        _item("bm-steam-explosion", _BM, "Steam explosion pretreatment", "蒸汽爆破预处理", "process",
              "bm-seg-pretreat", "bm-pre-steam", ""),
        _item("bm-dilute-acid", _BM, "Dilute acid pretreatment", "稀酸预处理", "process",
              "bm-seg-pretreat", "bm-pre-acid", ""),
        _item("bm-cellulase", _BM, "Cellulase enzyme preparations", "纤维素酶制剂", "material",
              "bm-seg-pretreat", "bm-pre-enzyme",
              "Weak link: supply concentrated in two foreign companies."),
        _item("bm-hydrolysis", _BM, "Enzymatic hydrolysis", "酶水解", "process", "bm-seg-pretreat",
              "bm-pre-enzyme", ""),
        _item("bm-sugar", _BM, "Cellulosic sugars (C5/C6)", "纤维素糖（五碳糖/六碳糖）", "product",
              "bm-seg-pretreat", "bm-pre-enzyme", "Hydrolysate sugars for fermentation."),
        _item("bm-cell-ethanol", _BM, "Cellulosic ethanol", "纤维素乙醇", "product",
              "bm-seg-conversion", "bm-fuel-cellet", ""),
        _item("bm-fuel-ethanol", _BM, "Fuel ethanol", "燃料乙醇", "product", "bm-seg-conversion",
              "bm-fuel", "Denatured fuel ethanol (first and second generation)."),
        _item("bm-digester", _BM, "Anaerobic digesters", "厌氧发酵罐", "equipment",
              "bm-seg-conversion", "bm-fuel-biogas", ""),
        _item("bm-biogas", _BM, "Biogas", "沼气", "product", "bm-seg-conversion", "bm-fuel-biogas",
              ""),
        _item("bm-biomethane", _BM, "Bio-natural gas (biomethane)", "生物天然气", "product",
              "bm-seg-conversion", "bm-fuel-biogas",
              "Providers known, market shares unknown (empty shares)."),
        _item("bm-pellet-mill", _BM, "Ring-die pellet mills", "环模制粒机", "equipment",
              "bm-seg-conversion", "bm-fuel-pellet", ""),
        _item("bm-pellets", _BM, "Biomass pellet fuel", "生物质成型燃料", "product",
              "bm-seg-conversion", "bm-fuel-pellet", ""),
        _item("bm-lactic-acid", _BM, "Lactic acid", "乳酸", "product", "bm-seg-conversion",
              "bm-chem-lactic", "Country shares sum to 101 by rounding."),
        _item("bm-lignin", _BM, "Lignin residue", "木质素残渣", "material", "bm-seg-conversion",
              "bm-poly-lignin", "By-product of enzymatic hydrolysis."),
        _item("bm-lactide", _BM, "Lactide", "丙交酯", "material", "bm-seg-products",
              "bm-poly-pla bm-chem-lactic", "Weak link: import-dependent monomer for PLA."),
        _item("bm-pla-resin", _BM, "PLA resin", "聚乳酸树脂", "product", "bm-seg-products",
              "bm-poly-pla", ""),
        _item("bm-pla-film", _BM, "PLA packaging film", "聚乳酸包装薄膜", "product", "bm-seg-markets",
              "bm-poly-pla", ""),
        _item("bm-pla-fiber", _BM, "PLA fibres and nonwovens", "聚乳酸纤维", "product",
              "bm-seg-products", "bm-poly-pla", ""),
        _item("bm-biobased-materials", _BM, "Bio-based materials", "生物基材料", "product",
              "bm-seg-products", "bm-poly", "Umbrella product class."),
        _item("bm-furfural", _BM, "Furfural", "糠醛", "product", "bm-seg-products",
              "bm-chem-furfural", ""),
        _item("bm-lignin-resin", _BM, "Lignin-based phenolic resin", "木质素基酚醛树脂", "product",
              "bm-seg-products", "bm-poly-lignin", ""),
        _item("bm-e10", _BM, "E10 ethanol gasoline", "E10乙醇汽油", "product", "bm-seg-markets",
              "bm-fuel", "Jilin has used E10 province-wide since the early 2000s."),
        _item("bm-saf", _BM, "Sustainable aviation fuel", "可持续航空燃料", "product",
              "bm-seg-markets", "bm-fuel-jet", ""),
        _item("bm-heat-power", _BM, "Biomass heat and power", "生物质热电联供", "service",
              "bm-seg-markets", "bm-fuel-pellet bm-fuel-gasif", ""),
        # coal chemical
        _item("cc-raw-coal", _CC, "Raw coal", "原煤", "product", "cc-seg-mining", "coal-mining", ""),
        _item("cc-shearer", _CC, "High-power longwall shearers", "大功率采煤机", "equipment",
              "cc-seg-mining", "coal-mining-longwall coal-mining-smart",
              "High-end units partly imported."),
        _item("cc-support", _CC, "Hydraulic roof supports", "液压支架", "equipment", "cc-seg-mining",
              "coal-mining-longwall", "Largely domestic supply."),
        _item("cc-smart-control", _CC, "Intelligent face control systems", "工作面智能控制系统",
              "equipment", "cc-seg-mining", "coal-mining-smart",
              "Providers known, shares not published."),
        _item("cc-gas-drainage", _CC, "Gas drainage", "瓦斯抽采", "process", "cc-seg-mining",
              "coal-mining-methane", ""),
        _item("cc-cmm", _CC, "Coal mine methane", "煤矿瓦斯", "product", "cc-seg-mining",
              "coal-mining-methane", ""),
        _item("cc-washing", _CC, "Coal washing", "煤炭洗选", "process", "cc-seg-prep",
              "coal-clean-prep", ""),
        _item("cc-dms-cyclone", _CC, "Dense medium cyclones", "重介质旋流器", "equipment",
              "cc-seg-prep", "coal-clean-prep", ""),
        _item("cc-clean-coal", _CC, "Clean coal", "精煤", "product", "cc-seg-prep", "coal-clean-prep",
              ""),
        _item("cc-gasifier", _CC, "Entrained-flow gasifier technology", "气流床气化技术", "process",
              "cc-seg-gasif", "coal-clean-gasif", "Licensed technologies, domestic and foreign."),
        _item("cc-slurry-pump", _CC, "High-pressure coal slurry pumps", "高压煤浆泵", "equipment",
              "cc-seg-gasif", "coal-clean-gasif coal-clean-liquef",
              "Weak link: foreign-concentrated key equipment."),
        _item("cc-asu", _CC, "Air separation units", "空分装置", "equipment", "cc-seg-gasif",
              "coal-clean-gasif", ""),
        _item("cc-syngas", _CC, "Syngas", "合成气", "product", "cc-seg-gasif", "coal-clean-gasif", ""),
        _item("cc-methanol", _CC, "Coal-based methanol", "煤制甲醇", "product", "cc-seg-gasif",
              "coal-clean-olefins", ""),
        _item("cc-mto", _CC, "Methanol-to-olefins process (DMTO)", "甲醇制烯烃工艺", "process",
              "cc-seg-synthesis", "coal-clean-olefins", "Single licensor in the samples."),
        _item("cc-sapo34", _CC, "SAPO-34 catalyst", "SAPO-34催化剂", "material", "cc-seg-synthesis",
              "coal-clean-olefins", ""),
        _item("cc-olefins", _CC, "Ethylene and propylene", "乙烯与丙烯", "product",
              "cc-seg-synthesis", "coal-clean-olefins", ""),
        _item("cc-polyolefins", _CC, "Polyolefins (PE/PP)", "聚烯烃", "product", "cc-seg-markets",
              "coal-clean-olefins", ""),
        _item("cc-dcl", _CC, "Direct coal liquefaction", "煤直接液化", "process", "cc-seg-synthesis",
              "coal-clean-liquef", ""),
        _item("cc-ctl-fuels", _CC, "Coal-to-liquids diesel and jet fuel", "煤制油品", "product",
              "cc-seg-synthesis", "coal-clean-liquef", ""),
        _item("cc-power", _CC, "Ultra-supercritical coal power", "超超临界燃煤发电", "service",
              "cc-seg-markets", "coal-clean-usc", ""),
        _item("cc-ccus", _CC, "CO2 capture and storage services", "碳捕集与封存服务", "service",
              "cc-seg-markets", "coal-clean-ccus", ""),
    ],
    "links": [
        *[{"from_id": a, "relation": "upstream_of", "to_id": b} for a, b in [
            ("bm-seg-feedstock", "bm-seg-pretreat"), ("bm-seg-pretreat", "bm-seg-conversion"),
            ("bm-seg-conversion", "bm-seg-products"), ("bm-seg-products", "bm-seg-markets"),
            ("cc-seg-mining", "cc-seg-prep"), ("cc-seg-prep", "cc-seg-gasif"),
            ("cc-seg-gasif", "cc-seg-synthesis"), ("cc-seg-synthesis", "cc-seg-markets")]],
        *[{"from_id": a, "relation": "input_of", "to_id": b} for a, b in [
            ("bm-baler", "bm-logistics"), ("bm-corn-straw", "bm-logistics"),
            ("bm-forest-residue", "bm-logistics"), ("bm-logistics", "bm-steam-explosion"),
            ("bm-logistics", "bm-dilute-acid"), ("bm-logistics", "bm-pellets"),
            ("bm-logistics", "bm-biogas"), ("bm-steam-reactor", "bm-steam-explosion"),
            ("bm-steam-explosion", "bm-hydrolysis"), ("bm-dilute-acid", "bm-hydrolysis"),
            ("bm-cellulase", "bm-hydrolysis"), ("bm-hydrolysis", "bm-sugar"),
            ("bm-hydrolysis", "bm-lignin"), ("bm-sugar", "bm-cell-ethanol"),
            ("bm-sugar", "bm-lactic-acid"), ("bm-digester", "bm-biogas"),
            ("bm-biogas", "bm-biomethane"), ("bm-pellet-mill", "bm-pellets"),
            ("bm-pellets", "bm-heat-power"), ("bm-lactic-acid", "bm-lactide"),
            ("bm-lactide", "bm-pla-resin"), ("bm-pla-resin", "bm-pla-film"),
            ("bm-pla-resin", "bm-pla-fiber"), ("bm-fuel-ethanol", "bm-e10"),
            ("bm-cell-ethanol", "bm-saf"), ("bm-corncob", "bm-furfural"),
            ("bm-lignin", "bm-lignin-resin"),
            ("cc-shearer", "cc-raw-coal"), ("cc-support", "cc-raw-coal"),
            ("cc-smart-control", "cc-raw-coal"), ("cc-gas-drainage", "cc-cmm"),
            ("cc-raw-coal", "cc-washing"), ("cc-dms-cyclone", "cc-washing"),
            ("cc-washing", "cc-clean-coal"), ("cc-clean-coal", "cc-gasifier"),
            ("cc-slurry-pump", "cc-gasifier"), ("cc-asu", "cc-gasifier"),
            ("cc-gasifier", "cc-syngas"), ("cc-syngas", "cc-methanol"),
            ("cc-methanol", "cc-mto"), ("cc-sapo34", "cc-mto"), ("cc-mto", "cc-olefins"),
            ("cc-olefins", "cc-polyolefins"), ("cc-clean-coal", "cc-dcl"),
            ("cc-slurry-pump", "cc-dcl"), ("cc-dcl", "cc-ctl-fuels"),
            ("cc-raw-coal", "cc-power"), ("cc-power", "cc-ccus")]],
        *[{"from_id": a, "relation": "type_of", "to_id": b} for a, b in [
            ("bm-cell-ethanol", "bm-fuel-ethanol"), ("bm-pla-resin", "bm-biobased-materials"),
            ("bm-lignin-resin", "bm-biobased-materials"), ("bm-pla-fiber", "bm-biobased-materials"),
            ("bm-biomethane", "bm-biogas")]],
    ],
    "providers": [
        _prov("prov-novozymes", "Novozymes A/S", "诺维信", "organization", "", "DNK",
              "DNK-bagsvaerd", "inst-novozymes"),
        _prov("prov-genencor", "Genencor (IFF)", "杰能科（IFF）", "organization", "", "USA",
              "USA-newyork", "inst-iff"),
        _prov("prov-ruixiang", "Jilin Ruixiang Bio-enzyme Co., Ltd.", "吉林瑞祥生物酶制剂有限公司",
              "organization", "", "CHN", "CN-JL-changchun", "inst-ruixiang-enzyme"),
        _prov("prov-ruifeng", "Gongzhuling Ruifeng Steam Explosion Equipment Co., Ltd.",
              "公主岭瑞丰汽爆装备有限公司", "organization", "", "CHN", "CN-JL-gongzhuling",
              "inst-ruifeng"),
        _prov("prov-hongda", "Siping Hongda Biogas Engineering Co., Ltd.", "四平宏达沼气工程有限公司",
              "organization", "", "CHN", "CN-JL-siping", "inst-hongda-biogas"),
        _prov("prov-baicheng-gas", "Baicheng Lvneng Bio-natural Gas Co., Ltd.",
              "白城市绿能生物天然气有限公司", "organization", "", "CHN", "CN-JL-baicheng",
              "inst-baicheng-gas"),
        _prov("prov-lvyuan", "Changchun Lvyuan Straw Utilization Co., Ltd.",
              "长春绿源秸秆综合利用有限公司", "organization", "", "CHN", "CN-JL-changchun",
              "inst-lvyuan"),
        _prov("prov-songyuan", "Songyuan Straw Collection and Logistics Service Co., Ltd.",
              "松原市秸秆收储运服务有限公司", "organization", "", "CHN", "CN-JL-songyuan",
              "inst-songyuan-logistics"),
        _prov("prov-cofco-yushu", "COFCO Biochemical Energy (Yushu) Co., Ltd.",
              "中粮生化能源(榆树)有限公司", "organization", "", "CHN", "CN-JL-yushu",
              "inst-cofco-yushu"),
        _prov("prov-jlfa", "Jilin Fuel Alcohol Co., Ltd.", "吉林燃料乙醇有限责任公司", "organization",
              "", "CHN", "CN-JL-jilin", "inst-jlfa"),
        _prov("prov-xinhe", "Changchun Xinhe PLA Technology Co., Ltd.", "长春新禾聚乳酸科技有限公司",
              "organization", "", "CHN", "CN-JL-changchun", "inst-xinhe-pla"),
        _prov("prov-dicp", "Dalian Institute of Chemical Physics (licensor)", "大连化物所（许可方）",
              "organization", "", "CHN", "CN-LN-dalian", "inst-dicp"),
        _prov("prov-chnenergy", "China Energy Investment Corporation", "国家能源集团", "organization",
              "", "CHN", "CN-BJ", "inst-chnenergy"),
        _prov("prov-jinneng", "Jinneng Holding Group", "晋能控股集团", "organization", "", "CHN",
              "CN-SX-datong", "inst-jinneng"),
        _prov("prov-shccig", "Shaanxi Coal and Chemical Industry Group", "陕西煤业化工集团",
              "organization", "", "CHN", "CN-SN-xian", "inst-shccig"),
        _prov("prov-chinacoal", "China National Coal Group", "中国中煤能源集团", "organization", "",
              "CHN", "CN-BJ", "inst-chinacoal"),
        _prov("prov-shandongenergy", "Shandong Energy Group", "山东能源集团", "organization", "",
              "CHN", "CN-SD-jinan", "inst-shandongenergy"),
        _prov("prov-cctegco", "China Coal Technology & Engineering Group", "中国煤炭科工集团",
              "organization", "", "CHN", "CN-BJ", "inst-cctegco"),
        _prov("prov-jinbei", "Datong Jinbei Intelligent Mining Equipment Co., Ltd.",
              "大同晋北智能矿山装备有限公司", "organization", "", "CHN", "CN-SX-datong", "inst-jinbei"),
        _prov("prov-zmj", "Zhengzhou Coal Mining Machinery Group", "郑州煤矿机械集团", "organization",
              "", "CHN", "CN-HA-zhengzhou", "inst-zmj"),
        _prov("prov-others", "Others", "其他", "organization", "yes", ""),
        # domestic producers as one country-level provider: an aggregate has no country, so
        # by the chain contract it would count as foreign
        _prov("prov-various-cn", "China (other domestic producers)", "国内其他企业", "country", "",
              "CHN"),
        _prov("prov-europe", "Europe", "欧洲", "country", "yes", ""),
        *[_prov(f"prov-{c.lower()}", n, z, "country", "", c) for c, n, z in [
            ("CHN", "China", "中国"), ("USA", "United States", "美国"), ("DNK", "Denmark", "丹麦"),
            ("NLD", "Netherlands", "荷兰"), ("DEU", "Germany", "德国"), ("THA", "Thailand", "泰国"),
            ("JPN", "Japan", "日本"), ("FIN", "Finland", "芬兰")]],
    ],
    "shares": [
        # cellulase: foreign-concentrated (organizations) + countries
        *[{"provider_id": p, "item_id": "bm-cellulase", "share": s, "year": 2023,
           "source": SRC_NSL} for p, s in [("prov-novozymes", 48), ("prov-genencor", 30),
                                          ("prov-ruixiang", 9), ("prov-others", 13)]],
        *[{"provider_id": p, "item_id": "bm-cellulase", "share": s, "year": 2023,
           "source": SRC_NSL} for p, s in [("prov-dnk", 48), ("prov-usa", 32), ("prov-chn", 20)]],
        # single-source pretreatment equipment
        {"provider_id": "prov-ruifeng", "item_id": "bm-steam-reactor", "share": 100,
         "year": 2024, "source": SRC_NSL},
        # biomethane: providers known, shares unknown
        *[{"provider_id": p, "item_id": "bm-biomethane", "share": "", "year": 2023,
           "source": SRC_NSL} for p in ["prov-baicheng-gas", "prov-hongda", "prov-various-cn"]],
        # lactic acid: country shares summing to 101 (rounding)
        *[{"provider_id": p, "item_id": "bm-lactic-acid", "share": s, "year": 2022,
           "source": SRC_EST} for p, s in [("prov-chn", 48), ("prov-usa", 21), ("prov-nld", 20),
                                          ("prov-tha", 12)]],
        # lactide: import-dependent
        *[{"provider_id": p, "item_id": "bm-lactide", "share": s, "year": 2023,
           "source": SRC_EST} for p, s in [("prov-usa", 46), ("prov-nld", 34), ("prov-chn", 15),
                                          ("prov-europe", 5)]],
        *[{"provider_id": p, "item_id": "bm-pla-resin", "share": s, "year": 2023,
           "source": SRC_EST} for p, s in [("prov-usa", 38), ("prov-chn", 33), ("prov-nld", 22),
                                          ("prov-jpn", 3)]],
        {"provider_id": "prov-xinhe", "item_id": "bm-pla-resin", "share": 2, "year": 2023,
         "source": SRC_EST},
        *[{"provider_id": p, "item_id": "bm-fuel-ethanol", "share": s, "year": 2023,
           "source": SRC_NSL} for p, s in [("prov-jlfa", 31), ("prov-cofco-yushu", 42),
                                          ("prov-various-cn", 27)]],
        *[{"provider_id": p, "item_id": "bm-logistics", "share": s, "year": 2023,
           "source": SRC_NSL} for p, s in [("prov-songyuan", 18), ("prov-lvyuan", 11),
                                          ("prov-various-cn", 71)]],
        {"provider_id": "prov-lvyuan", "item_id": "bm-pellets", "share": 14, "year": 2022,
         "source": SRC_NSL},
        {"provider_id": "prov-various-cn", "item_id": "bm-pellets", "share": 86, "year": 2022,
         "source": SRC_NSL},
        # coal
        *[{"provider_id": p, "item_id": "cc-seg-mining", "share": s, "year": 2023,
           "source": SRC_EST} for p, s in [("prov-chnenergy", 13), ("prov-jinneng", 9),
                                          ("prov-shandongenergy", 6), ("prov-shccig", 6),
                                          ("prov-chinacoal", 6), ("prov-others", 60)]],
        *[{"provider_id": p, "item_id": "cc-shearer", "share": s, "year": 2022,
           "source": SRC_EST} for p, s in [("prov-chn", 62), ("prov-deu", 23), ("prov-usa", 15)]],
        *[{"provider_id": p, "item_id": "cc-support", "share": s, "year": 2022,
           "source": SRC_EST} for p, s in [("prov-zmj", 35), ("prov-cctegco", 15),
                                          ("prov-various-cn", 50)]],
        *[{"provider_id": p, "item_id": "cc-smart-control", "share": "", "year": 2023,
           "source": SRC_EST} for p in ["prov-cctegco", "prov-jinbei", "prov-zmj"]],
        *[{"provider_id": p, "item_id": "cc-gasifier", "share": s, "year": 2021,
           "source": SRC_EST} for p, s in [("prov-chn", 64), ("prov-usa", 17), ("prov-nld", 14),
                                          ("prov-deu", 5)]],
        *[{"provider_id": p, "item_id": "cc-slurry-pump", "share": s, "year": 2022,
           "source": SRC_EST} for p, s in [("prov-deu", 58), ("prov-usa", 27), ("prov-chn", 15)]],
        *[{"provider_id": p, "item_id": "cc-asu", "share": s, "year": 2022, "source": SRC_EST}
          for p, s in [("prov-chn", 55), ("prov-deu", 28), ("prov-usa", 17)]],
        {"provider_id": "prov-dicp", "item_id": "cc-mto", "share": "", "year": 2022,
         "source": SRC_EST},
    ],
}


# fmt: on

rng = random.Random(SEED)


# --------------------------------------------------------------------------- helpers
def write_csv(path: Path, header: list[str], rows: list[dict[str, object]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        extra = set(r) - set(header)
        if extra:
            raise SystemExit(f"{path.name}: row has unknown columns {sorted(extra)}")
        w.writerow(["" if r.get(c) is None else _cell(r.get(c)) for c in header])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return len(rows)


def _cell(v: object) -> str:
    if isinstance(v, list | tuple):
        return ";".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")
    return len(rows)


def orcid_check(base15: str) -> str:
    """ISO 7064 MOD 11-2 check character for the 15 ORCID base digits."""
    total = 0
    for ch in base15:
        total = (total + int(ch)) * 2
    r = (12 - total % 11) % 11
    return "X" if r == 10 else str(r)


def make_orcid(used: set[str]) -> str:
    """A fictional ORCID iD in a block ORCID issues from, with a valid check character."""
    while True:
        block = rng.choice(["00000001", "00000002", "00000003", "00090000"])
        base = block + "".join(rng.choice("0123456789") for _ in range(7))
        if block == "00090000":
            base = "0009000" + base[7:8] + "".join(rng.choice("0123456789") for _ in range(7))
        oid = base + orcid_check(base)
        s = f"{oid[0:4]}-{oid[4:8]}-{oid[8:12]}-{oid[12:16]}"
        if s not in used:
            used.add(s)
            return s


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def make_uscc(division: str) -> str:
    """A fictional but checksum-valid unified social credit code (GB 32100-2015)."""
    org = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org_w = [3, 7, 9, 10, 5, 8, 4, 2]
    val = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(org, org_w, strict=True))
    c9 = 11 - val % 11
    org += "X" if c9 == 10 else ("0" if c9 == 11 else str(c9))
    body = "91" + division + org
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_W, strict=True))
    return body + USCC_CHARS[(31 - s % 31) % 31]


def load_tech() -> dict[str, dict[str, str]]:
    with TECH_CSV.open(encoding="utf-8") as f:
        return {r["technology_id"]: r for r in csv.DictReader(f)}


TECHS = load_tech()
for _tid in TECH:
    if _tid not in TECHS:
        raise SystemExit(f"technology {_tid} is not in {TECH_CSV}")


def tech_terms(tid: str) -> list[str]:
    t = TECHS[tid]
    alts = [a for a in t["alt_names"].split(";") if a]
    return [t["name"], *alts]


def fill(tpl: str, ctx: dict[str, str]) -> str:
    return tpl.format(**ctx)


def year_weights(profile: str) -> list[tuple[int, float]]:
    out = []
    for y in range(2008, 2026):
        x = y - 2008
        if profile == "emerging":
            w = math.exp(0.28 * x) if y >= 2012 else 0.3
        elif profile == "growing":
            w = 1 + 0.22 * x + 0.012 * x * x
        elif profile == "mature":
            w = 0.6 + 2.4 * math.exp(-((y - 2015) ** 2) / 18)
        elif profile == "declining":
            w = max(0.35, 3.0 - 0.16 * x)
        else:
            w = 1.0
        out.append((y, w))
    return out


def pick_year(profile: str) -> int:
    ys = year_weights(profile)
    return rng.choices([y for y, _ in ys], weights=[w for _, w in ys])[0]


# --------------------------------------------------------------------------- names
class Person:
    def __init__(self, pid: str, given: str, surname: str, zh: str, foreign: bool) -> None:
        self.id = pid
        self.given = given
        self.surname = surname
        self.zh = zh
        self.foreign = foreign
        self.inst: list[str] = []
        self.techs: list[str] = []
        self.orcid = ""

    @property
    def name(self) -> str:
        return f"{self.given} {self.surname}"

    def initials(self, dots: bool = True) -> str:
        parts = re.split(r"[ \-]", self.given)
        if not self.foreign:
            parts = _split_pinyin(self.given)
        if dots:
            return "".join(p[0].upper() + "." for p in parts if p)
        return "".join(p[0].upper() for p in parts if p)

    def variants(self) -> list[str]:
        v = [
            f"{self.surname}, {self.initials()}",
            f"{self.initials()} {self.surname}",
            f"{self.surname}, {self.given}",
            f"{self.surname} {self.initials(dots=False)}",
        ]
        if not self.foreign:
            syl = _split_pinyin(self.given)
            v += [f"{self.surname} {self.given}", f"{self.surname.upper()} {self.given}"]
            if len(syl) == 2:
                v.append(f"{syl[0]}-{syl[1].lower()} {self.surname}")
                v.append(f"{self.surname}, {syl[0]}-{syl[1].lower()}")
            v.append(self.zh)
        else:
            first = self.given.split(" ")[0]
            v.append(f"{first} {self.surname}")
        return v


_SYL_CACHE: dict[str, list[str]] = {}


def _split_pinyin(given: str) -> list[str]:
    return _SYL_CACHE.get(given, [given])


def build_people() -> list[Person]:
    people: list[Person] = []
    used: set[str] = set()
    # deliberate homonyms: two different 李伟 and two different 张磊
    forced = [
        ("李", "Li", "伟", "Wei"),
        ("李", "Li", "伟", "Wei"),
        ("张", "Zhang", "磊", "Lei"),
        ("张", "Zhang", "磊", "Lei"),
        ("王", "Wang", "晓明", "Xiaoming"),
    ]
    n = 0
    for sz, sp, gz, gp in forced:
        n += 1
        p = Person(f"exp-{n:03d}", gp, sp, sz + gz, False)
        _SYL_CACHE[gp] = [gp] if len(gz) == 1 else ["Xiao", "Ming"]
        people.append(p)
        used.add(sz + gz)
    while n < 165:
        sz, sp = rng.choice(SURNAMES)
        if rng.random() < 0.55:
            a, b = rng.sample(GIVEN, 2)
            gz, syl = a[0] + b[0], [a[1], b[1]]
        else:
            a = rng.choice(GIVEN)
            gz, syl = a[0], [a[1]]
        if sz + gz in used:
            continue
        used.add(sz + gz)
        n += 1
        gp = syl[0] + "".join(s.lower() for s in syl[1:])
        _SYL_CACHE[gp] = syl
        people.append(Person(f"exp-{n:03d}", gp, sp, sz + gz, False))
    for given, surname, _inst, _techs, _title in FOREIGN_EXPERTS:
        n += 1
        people.append(Person(f"exp-{n:03d}", given, surname, "", True))
    return people


# --------------------------------------------------------------------------- main build
def _write_regions(counts):
    """Regions."""
    region_rows = [
        {
            "region_id": r[0],
            "name": r[1],
            "name_zh": r[2],
            "country": r[3],
            "parent_id": r[4],
            "lat": r[5],
            "lon": r[6],
        }
        for r in REGIONS
    ]
    region_ids = {r["region_id"] for r in region_rows}
    region_by_id = {r["region_id"]: r for r in region_rows}
    counts["regions.csv"] = write_csv(
        OUT / "regions.csv",
        list(TABLES["region"].columns),
        region_rows,
    )
    return region_by_id, region_ids


def _write_institutions(counts, region_ids):
    """Institutions."""
    inst_rows = []
    inst = {}
    for d in INSTITUTIONS:
        # every column but uscc, which only some institutions get (below)
        row = {k: d.get(k, "") for k in TABLES["institution"].columns if k != "uscc"}
        if d.get("uscc") == "gen":
            row["uscc"] = make_uscc(d["division"])
        assert row["region"] in region_ids, row
        inst_rows.append(row)
        inst[d["institution_id"]] = d
    for r in inst_rows:
        assert not r["parent_id"] or r["parent_id"] in inst, r
        for t in r["technologies"]:
            assert t in TECHS, t
    counts["institutions.csv"] = write_csv(
        OUT / "institutions.csv",
        list(TABLES["institution"].columns),
        inst_rows,
    )
    return inst


def _write_experts(counts, inst, region_by_id):
    """Experts."""
    people = build_people()
    pmap = {p.id: p for p in people}
    orcids: set[str] = set()
    research = [
        d
        for d in INSTITUTIONS
        if d["technologies"]
        and d["country"] == "CHN"
        and d["type"] in ("university", "research_institute", "enterprise", "library")
    ]
    weights = [d.get("weight", 3) for d in research]
    forced_inst = ["inst-ciac", "inst-cumt", "inst-jlu", "inst-ccri", "inst-ciac"]
    titles_cn = [
        ("Professor", "教授"),
        ("Associate Professor", "副教授"),
        ("Researcher", "研究员"),
        ("Associate Researcher", "副研究员"),
        ("Senior Engineer", "高级工程师"),
        ("Professor-level Senior Engineer", "正高级工程师"),
        ("Lecturer", "讲师"),
    ]
    expert_rows = []
    chinese = [p for p in people if not p.foreign]
    for i, p in enumerate(chinese):
        if i < len(forced_inst):
            d = inst[forced_inst[i]]
        elif i < 12:
            d = inst["inst-nslc"]
        else:
            d = rng.choices(research, weights=weights)[0]
        p.inst = [d["institution_id"]]
        if d.get("parent_id") and rng.random() < 0.3:
            p.inst.append(d["parent_id"])
        if rng.random() < 0.08:
            other = rng.choice(
                [
                    x
                    for x in research
                    if x["institution_id"] != d["institution_id"] and x["type"] != "enterprise"
                ]
            )
            p.inst.append(other["institution_id"])
        k = min(len(d["technologies"]), rng.choice([1, 2, 2, 3]))
        p.techs = rng.sample(d["technologies"], k)
        if d["institution_id"] == "inst-nslc":
            p.techs = rng.sample(["bm", "bm-fuel", "bm-chem", "bm-poly", "bm-fuel-cellet"], 2)
    for p, (_g, _s, inst_id, techs, _t) in zip(
        [p for p in people if p.foreign], FOREIGN_EXPERTS, strict=True
    ):
        p.inst = [inst_id]
        p.techs = list(techs)
    academicians = {"exp-006", "exp-031", "exp-077"}
    for p in people:
        d = inst[p.inst[0]]
        if p.foreign or rng.random() < 0.62:
            p.orcid = make_orcid(orcids)
        if p.foreign:
            title = dict((x[0] + x[1], x[4]) for x in FOREIGN_EXPERTS)[p.given + p.surname]
            tzh = ""
        elif d["type"] == "enterprise":
            title, tzh = rng.choice(titles_cn[4:6])
        elif d["institution_id"] == "inst-nslc":
            title, tzh = rng.choice(
                [("Research Librarian", "研究馆员"), ("Associate Research Librarian", "副研究馆员")]
            )
        elif p.id in academicians:
            title, tzh = "Academician", "院士"
        else:
            title, tzh = rng.choice(titles_cn[:4] + titles_cn[6:])
        kws = []
        for t in p.techs:
            kws += TECH[t]["kw"][:2] if t in TECH else []
            kws.append(TECHS[t]["name_zh"])
        kws = list(dict.fromkeys(kws))[:6]
        local = (
            (p.surname.lower() + p.initials(dots=False).lower())
            if not p.foreign
            else (p.given.split(" ")[0].lower() + "." + p.surname.lower().replace(" ", ""))
        )
        slug = d["institution_id"].removeprefix("inst-")
        email = f"{local}@{slug}.example.org" if rng.random() < 0.7 else ""
        phone = ""
        if not p.foreign and rng.random() < 0.3:
            phone = f"+86-{d.get('area', '431')}-8{rng.randint(1000000, 9999999)}"
        tech_labels = ", ".join(TECHS[t]["name"].lower() for t in p.techs)
        tech_zh = "、".join(TECHS[t]["name_zh"] for t in p.techs)
        if p.foreign or rng.random() < 0.5:
            bio = (
                f"{title} at {d['name']}. Works on {tech_labels}"
                f"{'' if p.foreign else ' with industrial partners in ' + region_by_id[d['region']]['name']}."
            )  # noqa: E501
        else:
            bio = f"{d['name_zh']}{tzh}，主要从事{tech_zh}研究。"
        variants = []
        if not p.foreign and rng.random() < 0.5:
            variants = [f"{p.surname} {p.given}"]
        expert_rows.append(
            {
                "expert_id": p.id,
                "name": p.name,
                "name_zh": p.zh,
                "name_variants": variants,
                "orcid": p.orcid,
                "email": email,
                "phone": phone,
                "title": f"{title}/{tzh}" if tzh else title,
                "institution_ids": p.inst,
                "country": d["country"],
                "region": d["region"],
                "technologies": p.techs,
                "keywords": kws,
                "bio": bio,
            }
        )
    counts["experts.csv"] = write_csv(
        OUT / "experts.csv",
        list(TABLES["expert"].columns),
        expert_rows,
    )

    by_tech: dict[str, list[Person]] = {}
    for p in people:
        for t in p.techs:
            by_tech.setdefault(t, []).append(p)
    by_inst: dict[str, list[Person]] = {}
    for p in people:
        by_inst.setdefault(p.inst[0], []).append(p)

    def domain_of(tid: str) -> str:
        return "coal" if tid.startswith("coal") else "bm"

    def candidates(tid: str) -> list[Person]:
        c = list(by_tech.get(tid, []))
        if len(c) < 3:
            parent = TECHS[tid]["broader"]
            for sib, _r in TECHS.items():
                if TECHS[sib]["broader"] == parent:
                    c += [x for x in by_tech.get(sib, []) if x not in c]
        return c or [p for p in people if any(domain_of(t) == domain_of(tid) for t in p.techs)]

    def team(tid: str, n: int, english: bool) -> list[Person]:
        cands = candidates(tid)
        if not english:
            cands = [c for c in cands if not c.foreign] or cands
        first = rng.choice(cands)
        out = [first]
        local = [x for x in by_inst.get(first.inst[0], []) if x not in out]
        while len(out) < n:
            pool = local if (local and rng.random() < 0.6) else [x for x in cands if x not in out]
            if not english:
                pool = [x for x in pool if not x.foreign]
            pool = [x for x in pool if x not in out]
            if not pool:
                break
            x = rng.choice(pool)
            out.append(x)
            if x in local:
                local.remove(x)
        return out

    def region_phrase(p: Person) -> tuple[str, str]:
        d = inst[p.inst[0]]
        reg = region_by_id[d["region"]]
        prov = (
            region_by_id.get(reg["parent_id"], reg) if reg["parent_id"] not in ("CHN", "") else reg
        )
        return prov["name"], prov["name_zh"]

    def make_ctx() -> dict[str, str]:
        f, c, s = rng.choice(FEEDS), rng.choice(COALS), rng.choice(SITES)
        return {
            "feed": f[0],
            "feed_zh": f[1],
            "coal": c[0],
            "coal_zh": c[1],
            "site": s[0],
            "site_zh": s[1],
        }

    def abstract(tid: str, title: str, ctx: dict[str, str], place: str) -> str:
        t = TECH[tid]
        terms = tech_terms(tid)
        label = terms[0]
        alt = rng.choice(terms[1:]) if len(terms) > 1 else TECHS[tid]["name_zh"]
        metric, unit, lo, hi = rng.choice(t["m"])
        val = round(rng.uniform(lo, hi), 1 if hi > 5 else 2)
        parent = TECHS[tid]["broader"]
        role = ROLE.get(parent, ROLE.get(tid, "an active field of applied research"))
        impl = rng.choice(IMPLICATIONS[domain_of(tid)])
        kw = rng.sample(t["kw"], min(2, len(t["kw"])))
        group = TECHS[tid]["broader"]
        default = {
            "bm-pre": "corn straw",
            "bm-fuel": "corn straw",
            "bm-chem": "corn straw hydrolysate",
            "coal-mining": "a representative mine",
            "coal-clean": ctx["coal"],
        }
        default.update(
            {"bm-fuel-biodiesel": "waste cooking oil", "bm-fuel-jet": "ethanol and waste oils"}
        )
        subject = {"feed": ctx["feed"], "site": "the " + ctx["site"], "coal": ctx["coal"]}.get(
            ctx.get("_slot", ""), default.get(tid, default.get(group, ""))
        )
        meth = rng.choice(METHODS[group])
        return (
            f"{label} ({alt}) is {role}. This study addresses "
            f"{lc_first(title)}. {meth.format(subject=subject, kw=kw[0])} "
            f"The {metric} reached {val} {unit} under optimized conditions, "
            f"and {kw[-1]} was identified as a key factor. "
            f"{impl.format(place=place)}"
        )

    return abstract, by_inst, by_tech, domain_of, make_ctx, pmap, region_phrase, team


def _write_works(abstract, by_inst, counts, gold, make_ctx, region_phrase, team):
    """Works (papers)."""
    work_rows: list[dict[str, object]] = []
    used_titles: set[str] = set()
    wn = 0

    def author_cell(members: list[Person], key: str, rate: float) -> list[str]:
        cell = []
        for pos, m in enumerate(members, start=1):
            if rng.random() < rate:
                v = rng.choice(m.variants())
                cell.append(v)
                gold.append({"id": f"{key}#{pos}", "name": v, "entity": m.id, "kind": "person"})
            else:
                cell.append(m.id)
        return cell

    paper_plan: list[tuple[str, int]] = []
    for tid, t in TECH.items():
        for _ in range(t["n"]):
            paper_plan.append((tid, pick_year(t["prof"])))
    paper_plan.sort(key=lambda x: (x[1], x[0]))
    for tid, year in paper_plan:
        t = TECH[tid]
        for _try in range(40):
            ctx = make_ctx()
            en_t, zh_t = rng.choice(t["t"])
            en, zh = fill(en_t, ctx), fill(zh_t, ctx)
            ctx["_slot"] = next((k for k in ("feed", "site", "coal") if "{" + k + "}" in en_t), "")
            if en not in used_titles:
                break
        else:
            en = en + " (II)"
            zh = zh + "（II）"
        used_titles.add(en)
        chinese_j = rng.random() < 0.33
        n = rng.choices(range(1, 9), weights=[5, 12, 20, 22, 18, 12, 6, 5])[0]
        members = team(tid, n, english=not chinese_j)
        venue_en, venue_zh, code = rng.choice(
            VENUES[TECHS[tid]["broader"]]["zh" if chinese_j else "en"]
        )
        wn += 1
        wid = f"work-{wn:04d}"
        place = region_phrase(members[0])[0]
        doi = f"10.5555/{code}.{year}.{100000 + wn * 37 % 90000}"
        kws = list(
            dict.fromkeys(
                [
                    rng.choice(tech_terms(tid)),
                    *rng.sample(t["kw"], min(3, len(t["kw"]))),
                    TECHS[tid]["name_zh"] if chinese_j else "",
                ]
            )
        )
        kws = [k for k in kws if k]
        insts = list(dict.fromkeys(m.inst[0] for m in members))
        work_rows.append(
            {
                "work_id": wid,
                "type": "paper",
                "title": en,
                "title_zh": zh if chinese_j else "",
                "abstract": abstract(tid, en, ctx, place),
                "year": year,
                "authors": author_cell(members, f"works.csv/{wid}", 0.1),
                "institutions": insts,
                "technologies": _with_second(tid, ctx),
                "keywords": kws,
                "doi": doi,
                "venue": venue_zh if chinese_j else venue_en,
                "_members": members,
                "_tid": tid,
                "_zh": chinese_j,
            }
        )
    # reports, standards, achievements
    for kind, table in (
        ("report", REPORTS),
        ("standard", STANDARDS),
        ("achievement", ACHIEVEMENTS),
    ):
        for en, zh, techs, year, venue, inst_ids, abst in table:
            cands = [p for i in inst_ids for p in by_inst.get(i, [])]
            members = rng.sample(cands, min(len(cands), rng.randint(2, 5))) if cands else []
            wn += 1
            wid = f"work-{wn:04d}"
            work_rows.append(
                {
                    "work_id": wid,
                    "type": kind,
                    "title": en,
                    "title_zh": zh,
                    "abstract": abst,
                    "year": year,
                    "authors": author_cell(members, f"works.csv/{wid}", 0.05),
                    "institutions": inst_ids,
                    "technologies": techs,
                    "keywords": [TECHS[t]["name"] for t in techs]
                    + [TECHS[t]["name_zh"] for t in techs],
                    "doi": "",
                    "venue": venue,
                    "_members": members,
                    "_tid": techs[0],
                    "_zh": True,
                }
            )
    header_w = list(TABLES["work"].columns)
    counts["works.csv"] = write_csv(
        OUT / "works.csv", header_w, [{k: r[k] for k in header_w} for r in work_rows]
    )
    return author_cell, work_rows


def _write_patents(author_cell, by_inst, by_tech, counts, domain_of, inst, team):
    """Patents."""
    pat_rows = []
    pn = 0
    for tid, t in TECH.items():
        for en, zh in t["p"]:
            pn += 1
            members = team(tid, rng.choice([1, 2, 3, 3, 4, 5]), english=False)
            foreigners = [x for x in by_tech.get(tid, []) if x.foreign]
            if foreigners and rng.random() < 0.45:
                lead = rng.choice(foreigners)
                members = [lead] + [x for x in by_inst[lead.inst[0]] if x is not lead][:2]
            year = pick_year(t["prof"])
            assignee = members[0].inst[:1]
            if rng.random() < 0.25 and not members[0].foreign:
                ent = [
                    d["institution_id"]
                    for d in INSTITUTIONS
                    if d["type"] == "enterprise" and tid in d["technologies"]
                ]
                if ent:
                    assignee = [*assignee, rng.choice(ent)]
            foreign = members[0].foreign
            country = inst[members[0].inst[0]]["country"]
            if foreign:
                if country == "USA" or rng.random() < 0.4:
                    number = f"US{rng.randint(10_100_000, 11_900_000)}B2"
                    pc = "USA"
                else:
                    number = f"EP{rng.randint(3_100_000, 4_200_000)}B1"
                    pc = country  # EP: no country office; the applicant's country
            else:
                base = {
                    2008: 101,
                    2009: 101,
                    2010: 101,
                    2011: 102,
                    2012: 102,
                    2013: 103,
                    2014: 104,
                    2015: 104,
                    2016: 105,
                    2017: 106,
                    2018: 108,
                    2019: 109,
                    2020: 111,
                    2021: 112,
                    2022: 114,
                    2023: 116,
                    2024: 117,
                    2025: 119,
                }[year]
                kind = rng.choice(["A", "A", "B"])
                if "device" in en.lower() or "装置" in zh or rng.random() < 0.1:
                    number = f"CN{base + 100}{rng.randint(100000, 999999)}U"
                else:
                    number = f"CN{base}{rng.randint(100000, 999999)}{kind}"
                pc = "CHN"
            kws = list(
                dict.fromkeys(
                    [
                        TECHS[tid]["name"],
                        TECHS[tid]["name_zh"],
                        *rng.sample(t["kw"], min(2, len(t["kw"]))),
                    ]
                )
            )
            pid = f"pat-{pn:03d}"
            art = "an" if en[0] in "AEIOU" else "a"
            abst = (
                f"The invention discloses {art} {lc_first(en)}. "
                f"It relates to {TECHS[tid]['name'].lower()} ({TECHS[tid]['name_zh']}) and "
                f"{rng.choice(PATENT_BENEFITS[domain_of(tid)])}"
            )
            pat_rows.append(
                {
                    "patent_id": pid,
                    "number": number,
                    "title": en,
                    "title_zh": "" if foreign else zh,
                    "abstract": abst,
                    "year": year,
                    "inventors": author_cell(members, f"patents.csv/{pid}", 0.06),
                    "assignees": assignee,
                    "technologies": [tid],
                    "keywords": kws,
                    "country": pc,
                    "ipc": t["ipc"],
                }
            )
    counts["patents.csv"] = write_csv(
        OUT / "patents.csv",
        list(TABLES["patent"].columns),
        pat_rows,
    )


def _write_projects(by_inst, counts, domain_of, make_ctx, team):
    """Projects."""
    proj_rows = []
    jn = 0
    for en, zh, techs, start, end, funder, budget, inst_ids, abst in FLAGSHIP_PROJECTS:
        cands = [p for i in inst_ids for p in by_inst.get(i, [])]
        cands = [p for p in cands if set(p.techs) & set(techs)] or cands
        pi = cands[0]
        members = [pi, *rng.sample([c for c in cands if c is not pi], min(len(cands) - 1, 6))]
        jn += 1
        proj_rows.append(
            _proj(jn, en, zh, abst, start, end, members, inst_ids, funder, techs, budget)
        )
    funders = [
        ("inst-nsfc", "NSFC General Program", "国家自然科学基金面上项目", (50, 65), 4),
        (
            "inst-nsfc",
            "NSFC Young Scientists Fund",
            "国家自然科学基金青年科学基金项目",
            (20, 30),
            3,
        ),
        ("inst-nsfc", "NSFC Key Program", "国家自然科学基金重点项目", (230, 300), 5),
        (
            "inst-jldst",
            "Jilin Provincial Science and Technology Development Program",
            "吉林省科技发展计划项目",
            (30, 300),
            3,
        ),
        ("inst-sxdst", "Shanxi Provincial Key R&D Program", "山西省重点研发计划项目", (80, 400), 3),
    ]
    tids = list(TECH)
    while len(proj_rows) < 52:
        tid = rng.choice(tids)
        fid, fen, fzh, (blo, bhi), dur = rng.choice(funders)
        if fid == "inst-jldst" and domain_of(tid) == "coal":
            continue
        if fid == "inst-sxdst" and domain_of(tid) == "bm":
            continue
        members = team(tid, rng.randint(2, 6), english=False)
        ctx = make_ctx()
        en_t, zh_t = rng.choice(TECH[tid]["t"])
        en = f"{fen}: {fill(en_t, ctx)}"
        zh = f"{fill(zh_t, ctx)}（{fzh}）"
        start = rng.randint(2010, 2024)
        jn += 1
        abst = (
            f"Funded by the {fen}. The project studies {lc_first(fill(en_t, ctx))} "
            f"to advance {TECHS[tid]['name'].lower()} and trains graduate students."
        )
        proj_rows.append(
            _proj(
                jn,
                en,
                zh,
                abst,
                start,
                start + dur,
                members,
                list(dict.fromkeys(m.inst[0] for m in members)),
                fid,
                [tid],
                rng.randint(blo, bhi),
            )
        )
    counts["projects.csv"] = write_csv(
        OUT / "projects.csv",
        list(TABLES["project"].columns),
        proj_rows,
    )


def _write_demands(counts, inst, region_ids):
    """Demands."""
    dem_rows = []
    for i, (en, zh, desc, ent_id, ent_name, region, year, techs, kws) in enumerate(DEMANDS, 1):
        assert not ent_id or ent_id in inst, ent_id
        assert region in region_ids, region
        dem_rows.append(
            {
                "demand_id": f"dem-{i:03d}",
                "title": en,
                "title_zh": zh,
                "description": desc,
                "enterprise_id": ent_id,
                "enterprise_name": ent_name or (inst[ent_id]["name_zh"] if ent_id else ""),
                "region": region,
                "year": year,
                "technologies": techs,
                "keywords": kws,
            }
        )
    counts["demands.csv"] = write_csv(
        OUT / "demands.csv",
        list(TABLES["demand"].columns),
        dem_rows,
    )


def _write_openalex_works(counts, gold, inst, work_rows):
    """Openalex works."""
    oa = build_openalex(work_rows, inst, gold)
    counts["openalex/works.jsonl"] = write_jsonl(OUT / "openalex" / "works.jsonl", oa)
    real = json.loads(REAL_OPENALEX.read_text(encoding="utf-8"))["works"]
    (OUT / "openalex").mkdir(exist_ok=True)
    (OUT / "openalex" / "real_openalex_works.json").write_text(
        json.dumps(real, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    counts["openalex/real_openalex_works.json"] = len(real)


def _write_ris_bibtex(counts, gold, inst, work_rows):
    """RIS / BibTeX."""
    counts["records.ris"], counts["records.bib"] = build_ris_bib(work_rows, inst, gold)


def _write_institution_variant_mentions(gold):
    """Institution variant mentions (plain list, like a user's affiliation file)."""
    for d in INSTITUTIONS:
        for j, v in enumerate(d.get("variants", []), start=1):
            gold.append(
                {
                    "id": f"institution-variants/{d['institution_id']}#{j}",
                    "name": v,
                    "entity": d["institution_id"],
                    "kind": "institution",
                }
            )


def _write_chains(counts, gold, inst, pmap, region_ids):
    """Chains."""
    counts.update(build_chains(inst, region_ids))

    for g in gold:
        assert g["entity"] in pmap or g["entity"] in inst, g
    ids = [g["id"] for g in gold]
    assert len(ids) == len(set(ids))
    counts["variants_gold.jsonl"] = write_jsonl(GOLD_OUT / "variants_gold.jsonl", gold)
    check_ids()
    for k, v in counts.items():
        print(f"{k}: {v}")


def main() -> None:
    if OUT.exists():
        for p in sorted(OUT.rglob("*"), reverse=True):
            if p.is_file():
                p.unlink()
    OUT.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    gold: list[dict[str, str]] = []
    region_by_id, region_ids = _write_regions(counts)
    inst = _write_institutions(counts, region_ids)
    abstract, by_inst, by_tech, domain_of, make_ctx, pmap, region_phrase, team = _write_experts(
        counts, inst, region_by_id
    )
    author_cell, work_rows = _write_works(
        abstract, by_inst, counts, gold, make_ctx, region_phrase, team
    )
    _write_patents(author_cell, by_inst, by_tech, counts, domain_of, inst, team)
    _write_projects(by_inst, counts, domain_of, make_ctx, team)
    _write_demands(counts, inst, region_ids)
    _write_openalex_works(counts, gold, inst, work_rows)
    _write_ris_bibtex(counts, gold, inst, work_rows)
    _write_institution_variant_mentions(gold)
    _write_chains(counts, gold, inst, pmap, region_ids)


ROLE = {
    "bm-pre": "a key step in turning lignocellulosic biomass such as corn straw into fermentable "
    "sugars",
    "bm-fuel": "an important route to low-carbon liquid and gaseous fuels from biomass",
    "bm-chem": "a platform for replacing petroleum-derived chemicals with bio-based ones",
    "bm-poly": "a growing class of bio-based and biodegradable materials",
    "coal-mining": "central to safe and efficient underground coal production",
    "coal-clean": "a cornerstone of the clean and low-carbon utilization of coal",
}
METHODS = {
    "bm-pre": [
        "Experiments were carried out on {subject} collected in Northeast China, and the effect "
        "of {kw} was examined with a response surface design.",
        "Bench-scale runs with {subject} were combined with compositional analysis (NREL "
        "laboratory analytical procedures) and mass balance closure.",
        "Pilot-scale runs with {subject} were compared with laboratory data, with attention to "
        "{kw}.",
    ],
    "bm-fuel": [
        "Experiments with {subject} were combined with process simulation in Aspen Plus to "
        "evaluate {kw}.",
        "A pilot plant processing {subject} was operated for 600 hours, with attention to {kw}.",
        "Kinetic models were fitted to data from {subject}, and {kw} was analysed in detail.",
    ],
    "bm-chem": [
        "Fed-batch fermentations on {subject} were run in 5 L and 50 L bioreactors, and {kw} "
        "was examined.",
        "Strains were engineered and tested on {subject}, with attention to {kw}.",
        "Catalyst screening with {subject} was followed by kinetic analysis of {kw}.",
    ],
    "bm-poly": [
        "Samples were prepared by melt processing and characterized by GPC, DSC, XRD and tensile "
        "testing, with attention to {kw}.",
        "Polymerization conditions were varied systematically, and {kw} was characterized by "
        "NMR, GPC and DSC.",
        "Composites were compounded on a twin-screw extruder and the role of {kw} was examined.",
    ],
    "coal-mining": [
        "Field measurements in {subject} were combined with numerical simulation (FLAC3D and "
        "UDEC) to analyse {kw}.",
        "Data from {subject} were used to build and validate a model of {kw}.",
        "A monitoring campaign of 18 months in {subject} quantified {kw}.",
    ],
    "coal-clean": [
        "Laboratory tests on {subject} and an industrial trial were conducted to evaluate {kw}.",
        "Process data from an industrial unit using {subject} were analysed with attention to "
        "{kw}.",
        "Thermodynamic and kinetic modelling with {subject} was validated against plant data, "
        "focusing on {kw}.",
    ],
}
IMPLICATIONS = {
    "bm": [
        "The results provide a basis for industrial application in {place}.",
        "The findings support the scale-up of biorefineries using agricultural residues in "
        "{place}.",
        "A techno-economic estimate indicates that the route is competitive when straw "
        "logistics costs are kept low, as in {place}.",
    ],
    "coal": [
        "The results have been applied in mines of {place} and provide guidance for similar "
        "conditions.",
        "The approach supports safe, efficient and low-carbon coal production in {place}.",
        "Engineering application in {place} verified the feasibility of the method.",
    ],
}
PATENT_BENEFITS = {
    "bm": [
        "reduces energy consumption and cost while increasing product yield.",
        "is suitable for corn straw and other agricultural residues in Northeast China.",
        "improves conversion efficiency and simplifies downstream processing.",
    ],
    "coal": [
        "improves safety and reduces labour on the working face.",
        "increases efficiency and lowers emissions in coal utilization.",
        "is simple in structure and reliable in underground conditions.",
    ],
}


PROPER = ("Trichoderma", "Bacillus", "Clostridium", "Halomonas", "Salen", "Fischer")


def lc_first(s: str) -> str:
    """Lower-case the first letter of a title unless it starts a name or an acronym."""
    w = s.split(" ")[0]
    if w.startswith(PROPER) or any(c.isupper() for c in w[1:]) or w[1:2] == "-":
        return s
    return s[0].lower() + s[1:]


def _with_second(tid: str, ctx: dict[str, str]) -> list[str]:
    out = [tid]
    second = TECH[tid].get("with")
    if second and rng.random() < 0.5:
        out.append(rng.choice(second))
    return out


def _proj(
    jn: int,
    en: str,
    zh: str,
    abst: str,
    start: int,
    end: int,
    members: list[Person],
    inst_ids: list[str],
    funder: str,
    techs: list[str],
    budget: int,
) -> dict[str, object]:
    return {
        "project_id": f"proj-{jn:03d}",
        "title": en,
        "title_zh": zh,
        "abstract": abst,
        "start_year": start,
        "end_year": end,
        "pi": members[0].id,
        "members": [m.id for m in members],
        "institutions": inst_ids,
        "funder": funder,
        "technologies": techs,
        "keywords": [TECHS[t]["name"] for t in techs] + [TECHS[t]["name_zh"] for t in techs],
        "budget": budget,
    }


ISO2 = {
    "CHN": "CN",
    "USA": "US",
    "DNK": "DK",
    "FIN": "FI",
    "NLD": "NL",
    "DEU": "DE",
    "CHE": "CH",
    "SWE": "SE",
    "AUS": "AU",
    "ZAF": "ZA",
    "JPN": "JP",
    "THA": "TH",
}
OA_TYPE = {
    "university": "education",
    "research_institute": "facility",
    "enterprise": "company",
    "government": "government",
    "library": "archive",
    "alliance": "nonprofit",
}


def _oa_id(prefix: str, key: str, base: int) -> str:
    h = int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % 99_999_989
    return f"https://openalex.org/{prefix}{base + h}"


def inverted_index(text: str) -> dict[str, list[int]]:
    idx: dict[str, list[int]] = {}
    for i, tok in enumerate(text.split()):
        idx.setdefault(tok, []).append(i)
    return idx


def build_openalex(
    work_rows: list[dict[str, object]], inst: dict[str, dict], gold: list[dict[str, str]]
) -> list[dict[str, object]]:
    cands = [w for w in work_rows if w["type"] == "paper" and not w["_zh"]]
    cands.sort(key=lambda w: (-len(w["_members"]), w["work_id"]))  # type: ignore[arg-type]
    chosen = sorted(cands[:10] + rng.sample(cands[10:], 28), key=lambda w: w["work_id"])
    out = []
    for w in chosen:
        members: list[Person] = w["_members"]  # type: ignore[assignment]
        wid = _oa_id("W", str(w["work_id"]), 4_300_000_000)
        auths = []
        inst_ids: list[str] = []
        for pos, m in enumerate(members, start=1):
            d = inst[m.inst[0]]
            if d["institution_id"] not in inst_ids:
                inst_ids.append(d["institution_id"])
            shown = m.name if rng.random() < 0.55 else rng.choice(m.variants()[:6])
            gold.append(
                {
                    "id": f"openalex/works.jsonl/{wid.rsplit('/', 1)[1]}/author#{pos}",
                    "name": shown,
                    "entity": m.id,
                    "kind": "person",
                }
            )
            iname = (
                d["name"]
                if rng.random() < 0.6 or not d.get("variants")
                else rng.choice(
                    [v for v in d["variants"] if re.match(r"[A-Za-z]", v)] or [d["name"]]
                )
            )
            gold.append(
                {
                    "id": f"openalex/works.jsonl/{wid.rsplit('/', 1)[1]}/inst#{pos}",
                    "name": iname,
                    "entity": d["institution_id"],
                    "kind": "institution",
                }
            )
            iid = _oa_id("I", d["institution_id"], 100_000_000)
            cc = ISO2[d["country"]]
            raw = f"{rng.choice(d.get('depts', ['']))}{iname}, {d['city']}, {COUNTRY_NAME[cc]}"
            raw = raw.lstrip(", ")
            ror = f"https://ror.org/{d['ror']}" if d.get("ror") else None
            auths.append(
                {
                    "author_position": "first"
                    if pos == 1
                    else ("last" if pos == len(members) else "middle"),
                    "author": {
                        "id": _oa_id("A", m.id, 5_000_000_000),
                        "display_name": shown,
                        "orcid": f"https://orcid.org/{m.orcid}"
                        if m.orcid and rng.random() < 0.8
                        else None,
                    },
                    "institutions": [
                        {
                            "id": iid,
                            "display_name": iname,
                            "ror": ror,
                            "country_code": cc,
                            "type": OA_TYPE[d["type"]],
                            "lineage": [iid],
                        }
                    ],
                    "countries": [cc],
                    "is_corresponding": pos == 1,
                    "raw_author_name": shown,
                    "raw_affiliation_strings": [raw],
                    "affiliations": [{"raw_affiliation_string": raw, "institution_ids": [iid]}],
                }
            )
        tid = str(w["_tid"])
        doi = f"https://doi.org/{w['doi']}"
        venue = str(w["venue"])
        src = {
            "id": _oa_id("S", venue, 4_200_000_000),
            "display_name": venue,
            "issn_l": None,
            "issn": None,
            "is_oa": False,
            "is_in_doaj": False,
            "host_organization": None,
            "type": "journal",
        }
        kw = [k for k in w["keywords"] if re.match(r"[A-Za-z]", k)]  # type: ignore[union-attr]
        concepts = [
            {
                "id": _oa_id("C", t, 2_000_000_000),
                "wikidata": None,
                "display_name": TECHS[t]["name"],
                "level": 2 if TECHS[t]["broader"] in ("bm", "coal") else 3,
                "score": round(0.9 - 0.15 * i, 4),
            }
            for i, t in enumerate(w["technologies"])
        ]  # type: ignore[arg-type]
        topic = TOPICS[tid.split("-")[0] if tid.startswith("coal") else tid[:6]]
        out.append(
            {
                "id": wid,
                "doi": doi,
                "title": w["title"],
                "display_name": w["title"],
                "publication_year": w["year"],
                "publication_date": f"{w['year']}-"
                f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "ids": {"openalex": wid, "doi": doi},
                "language": "en",
                "primary_location": {
                    "id": f"doi:{w['doi']}",
                    "is_oa": False,
                    "landing_page_url": doi,
                    "pdf_url": None,
                    "source": src,
                    "license": None,
                    "version": "publishedVersion",
                },
                "type": "article",
                "open_access": {"is_oa": False, "oa_status": "closed", "oa_url": None},
                "authorships": auths,
                "institutions": [],
                "countries_distinct_count": len({a["countries"][0] for a in auths}),
                "institutions_distinct_count": len(inst_ids),
                "corresponding_author_ids": [auths[0]["author"]["id"]],
                "cited_by_count": rng.randint(0, 160),
                "biblio": {
                    "volume": str(rng.randint(90, 400)),
                    "issue": None,
                    "first_page": str(rng.randint(1, 9000)),
                    "last_page": None,
                },
                "is_retracted": False,
                "is_paratext": False,
                "primary_topic": topic,
                "topics": [topic],
                "keywords": [
                    {
                        "id": "https://openalex.org/keywords/"
                        + re.sub(r"[^a-z0-9]+", "-", k.lower()).strip("-"),
                        "display_name": k,
                        "score": round(0.8 - 0.1 * i, 4),
                    }
                    for i, k in enumerate(kw[:4])
                ],
                "concepts": concepts,
                "abstract_inverted_index": inverted_index(str(w["abstract"])),
                "referenced_works_count": 0,
                "referenced_works": [],
                "related_works": [],
                "updated_date": "2025-06-01T00:00:00",
                "created_date": f"{w['year']}-12-31",
            }
        )
    return out


COUNTRY_NAME = {
    "CN": "China",
    "US": "USA",
    "DK": "Denmark",
    "FI": "Finland",
    "NL": "Netherlands",
    "DE": "Germany",
    "CH": "Switzerland",
    "SE": "Sweden",
    "AU": "Australia",
    "ZA": "South Africa",
    "JP": "Japan",
    "TH": "Thailand",
}
_SUB = {"id": "https://openalex.org/subfields/", "display_name": ""}
TOPICS = {}
for _key, _tid, _name, _sf, _sfn, _f, _fn in [
    (
        "bm-pre",
        "T10116",
        "Biofuel production and bioconversion",
        "1305",
        "Biotechnology",
        "13",
        "Biochemistry, Genetics and Molecular Biology",
    ),
    (
        "bm-fue",
        "T10125",
        "Thermochemical biomass conversion processes",
        "2103",
        "Fuel Technology",
        "21",
        "Energy",
    ),
    (
        "bm-che",
        "T10284",
        "Microbial metabolic engineering and bioproduction",
        "1305",
        "Biotechnology",
        "13",
        "Biochemistry, Genetics and Molecular Biology",
    ),
    (
        "bm-pol",
        "T10389",
        "biodegradable polymer synthesis and properties",
        "2507",
        "Polymers and Plastics",
        "25",
        "Materials Science",
    ),
    (
        "coal",
        "T10734",
        "Coal mining and rock mechanics",
        "2209",
        "Industrial and Manufacturing Engineering",
        "22",
        "Engineering",
    ),
]:
    TOPICS[_key] = {
        "id": f"https://openalex.org/{_tid}",
        "display_name": _name,
        "score": 0.9987,
        "subfield": {"id": f"https://openalex.org/subfields/{_sf}", "display_name": _sfn},
        "field": {"id": f"https://openalex.org/fields/{_f}", "display_name": _fn},
        "domain": {"id": "https://openalex.org/domains/3", "display_name": "Physical Sciences"},
    }


def build_ris_bib(
    work_rows: list[dict[str, object]], inst: dict[str, dict], gold: list[dict[str, str]]
) -> tuple[int, int]:
    papers = [w for w in work_rows if w["_members"]]
    ris_sel = sorted(rng.sample(papers, 20), key=lambda w: str(w["work_id"]))
    bib_sel = sorted(
        rng.sample([w for w in papers if w not in ris_sel], 20), key=lambda w: str(w["work_id"])
    )
    lines: list[str] = []
    for i, w in enumerate(ris_sel, start=1):
        ty = {"paper": "JOUR", "report": "RPRT", "standard": "STAND", "achievement": "GEN"}[
            str(w["type"])
        ]
        lines.append(f"TY  - {ty}")
        for pos, m in enumerate(w["_members"], start=1):  # type: ignore[arg-type]
            v = m.variants()
            name = rng.choice([v[0], v[2], v[2], v[-1] if not m.foreign else v[0]])
            lines.append(f"AU  - {name}")
            gold.append(
                {"id": f"records.ris/{i}/AU#{pos}", "name": name, "entity": m.id, "kind": "person"}
            )
        zh = bool(w["title_zh"]) and rng.random() < 0.5
        lines.append(f"TI  - {w['title_zh'] if zh else w['title']}")
        if zh:
            lines.append(f"T2  - {w['title']}")
        lines.append(f"PY  - {w['year']}")
        lines.append(f"JO  - {w['venue']}")
        for k in w["keywords"]:  # type: ignore[union-attr]
            lines.append(f"KW  - {k}")
        m0 = w["_members"][0]  # type: ignore[index]
        d = inst[m0.inst[0]]
        aff = rng.choice(d.get("variants") or [d["name"]])
        lines.append(f"AD  - {aff}, {d['city']}")
        gold.append(
            {
                "id": f"records.ris/{i}/AD",
                "name": aff,
                "entity": d["institution_id"],
                "kind": "institution",
            }
        )
        lines.append(f"AB  - {w['abstract']}")
        if w["doi"]:
            lines.append(f"DO  - {w['doi']}")
        lines.append("ER  - ")
        lines.append("")
    (OUT / "records.ris").write_text("\n".join(lines), encoding="utf-8")
    entries = []
    for i, w in enumerate(bib_sel, start=1):
        names = []
        for pos, m in enumerate(w["_members"], start=1):  # type: ignore[arg-type]
            v = m.variants()
            name = rng.choice([v[2], v[0], v[2]] + ([m.zh] if m.zh else []))
            names.append(name)
            gold.append(
                {
                    "id": f"records.bib/{i}/author#{pos}",
                    "name": name,
                    "entity": m.id,
                    "kind": "person",
                }
            )
        first = w["_members"][0]  # type: ignore[index]
        key = f"{first.surname.lower().replace(' ', '')}{w['year']}{i:02d}"
        kind = {
            "paper": "article",
            "report": "techreport",
            "standard": "misc",
            "achievement": "misc",
        }[str(w["type"])]
        d = inst[first.inst[0]]
        aff = rng.choice(d.get("variants") or [d["name"]])
        gold.append(
            {
                "id": f"records.bib/{i}/affiliation",
                "name": aff,
                "entity": d["institution_id"],
                "kind": "institution",
            }
        )
        fields = [("title", w["title"]), ("author", " and ".join(names)), ("year", str(w["year"]))]
        if kind == "article":
            fields.append(("journal", w["venue"]))
        elif kind == "techreport":
            fields.append(("institution", w["venue"]))
        else:
            fields.append(("howpublished", w["venue"]))
        if w["title_zh"]:
            fields.append(("title_zh", w["title_zh"]))
        fields += [
            ("keywords", ", ".join(w["keywords"])),  # type: ignore[arg-type]
            ("abstract", w["abstract"]),
            ("affiliation", f"{aff}, {d['city']}"),
        ]
        if w["doi"]:
            fields.append(("doi", w["doi"]))
        body = ",\n".join(f"  {k} = {{{_bib_escape(str(v))}}}" for k, v in fields)
        entries.append(f"@{kind}{{{key},\n{body}\n}}\n")
    (OUT / "records.bib").write_text("\n".join(entries), encoding="utf-8")
    return len(ris_sel), len(bib_sel)


def _bib_escape(s: str) -> str:
    return s.replace("%", r"\%").replace("&", r"\&").replace("_", r"\_")


def build_chains(inst: dict[str, dict], region_ids: set[str]) -> dict[str, int]:
    c = CHAINS
    d = OUT / "chains"
    counts = {}
    counts["chains/chains.csv"] = write_csv(
        d / "chains.csv",
        list(KINDS["chains"].columns),
        c["chains"],
    )
    counts["chains/segments.csv"] = write_csv(
        d / "segments.csv",
        list(KINDS["segments"].columns),
        c["segments"],
    )
    counts["chains/items.csv"] = write_csv(
        d / "items.csv",
        list(KINDS["items"].columns),
        c["items"],
    )
    counts["chains/links.csv"] = write_csv(
        d / "links.csv", list(KINDS["links"].columns), c["links"]
    )
    counts["chains/providers.csv"] = write_csv(
        d / "providers.csv",
        list(KINDS["providers"].columns),
        c["providers"],
    )
    counts["chains/shares.csv"] = write_csv(
        d / "shares.csv", list(KINDS["shares"].columns), c["shares"]
    )
    seg_ids = {s["segment_id"] for s in c["segments"]}
    item_ids = {i["item_id"] for i in c["items"]}
    prov_ids = {p["provider_id"] for p in c["providers"]}
    chain_ids = {x["chain_id"] for x in c["chains"]}
    for s in c["segments"]:
        assert s["chain_id"] in chain_ids, s
    for i in c["items"]:
        assert i["chain_id"] in chain_ids and (not i["segment_id"] or i["segment_id"] in seg_ids)
        for t in i["technologies"]:
            assert t in TECHS, t
    for lk in c["links"]:
        assert lk["from_id"] in item_ids | seg_ids and lk["to_id"] in item_ids | seg_ids, lk
    for p in c["providers"]:
        assert not p["institution"] or p["institution"] in inst, p
        assert not p["region"] or p["region"] in region_ids, p
    for s in c["shares"]:
        assert s["provider_id"] in prov_ids and s["item_id"] in item_ids | seg_ids, s
    return counts


def check_ids() -> None:
    """Every id is unique in the folder and every reference is defined (or a deliberate name)."""
    tables = {
        "regions.csv": "region_id",
        "institutions.csv": "institution_id",
        "experts.csv": "expert_id",
        "works.csv": "work_id",
        "patents.csv": "patent_id",
        "projects.csv": "project_id",
        "demands.csv": "demand_id",
    }
    seen: dict[str, str] = {}
    rows: dict[str, list[dict[str, str]]] = {}
    for f, col in tables.items():
        with (OUT / f).open(encoding="utf-8") as fh:
            rows[f] = list(csv.DictReader(fh))
        for r in rows[f]:
            if r[col] in seen:
                raise SystemExit(f"duplicate id {r[col]} in {f} and {seen[r[col]]}")
            seen[r[col]] = f
    experts = {r["expert_id"] for r in rows["experts.csv"]}
    insts = {r["institution_id"] for r in rows["institutions.csv"]}
    regions = {r["region_id"] for r in rows["regions.csv"]}
    id_like = re.compile(r"^(exp|inst|work|pat|proj|dem)-")

    def refs(v: str, pool: set[str], what: str, allow_names: bool = False) -> None:
        for x in filter(None, v.split(";")):
            if x not in pool and (not allow_names or id_like.match(x)):
                raise SystemExit(f"dangling {what} reference {x!r}")

    for r in rows["regions.csv"]:
        refs(r["parent_id"], regions, "region")
    for r in rows["institutions.csv"]:
        refs(r["region"], regions, "region")
        refs(r["parent_id"], insts, "institution")
        refs(r["technologies"], set(TECHS), "technology")
    for r in rows["experts.csv"]:
        refs(r["institution_ids"], insts, "institution")
        refs(r["region"], regions, "region")
        refs(r["technologies"], set(TECHS), "technology")
    for r in rows["works.csv"]:
        refs(r["authors"], experts, "expert", allow_names=True)
        refs(r["institutions"], insts, "institution")
        refs(r["technologies"], set(TECHS), "technology")
    for r in rows["patents.csv"]:
        refs(r["inventors"], experts, "expert", allow_names=True)
        refs(r["assignees"], insts, "institution")
        refs(r["technologies"], set(TECHS), "technology")
    for r in rows["projects.csv"]:
        refs(r["pi"], experts, "expert")
        refs(r["members"], experts, "expert")
        refs(r["institutions"], insts, "institution")
        refs(r["funder"], insts, "institution")
        refs(r["technologies"], set(TECHS), "technology")
    for r in rows["demands.csv"]:
        refs(r["enterprise_id"], insts, "institution")
        refs(r["region"], regions, "region")
        refs(r["technologies"], set(TECHS), "technology")


if __name__ == "__main__":
    main()
