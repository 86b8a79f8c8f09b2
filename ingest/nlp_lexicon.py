"""Word lists the extraction patterns use (split out of ``ingest/nlp.py``).

Chinese surnames, titles and institution suffixes drive the Chinese patterns; the place
lists (countries, Chinese provinces and large cities, in English and Chinese) back the
built-in place gazetteer that complements the graph's own ``ikg:Region`` labels.
"""

from __future__ import annotations

# The ~130 most common single-character surnames plus common compound ones. Characters that
# are far more often function words than surnames in running text (于 向 和 从 由 在 将 为 对
# 与 是 以 及 把) are left out on purpose: they caused more false names than they found.
ZH_SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿"
    "关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍"
    "华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米"
    "柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
ZH_SURNAMES_1 -= set("于向和从由在将为对与是以及把")
ZH_SURNAMES_2 = {
    "欧阳", "司马", "诸葛", "上官", "东方", "慕容", "令狐", "皇甫", "尉迟", "公孙", "长孙",
    "夏侯", "端木", "宇文", "司徒", "西门",
}

# Titles that follow (or precede) a person's name. Longest first matters for regexes.
ZH_TITLES = sorted(
    {
        "教授", "副教授", "助理教授", "研究员", "副研究员", "助理研究员", "特聘研究员", "院士",
        "高级工程师", "正高级工程师", "教授级高工", "高工", "工程师", "总工程师", "副总工程师",
        "博士", "博士后", "讲师", "首席科学家", "首席专家", "主任", "副主任", "所长", "副所长",
        "院长", "副院长", "校长", "副校长", "董事长", "总经理", "副总经理", "总裁", "局长",
        "副局长", "厅长", "副厅长", "处长", "部长", "主席", "秘书长", "理事长", "书记", "专家",
        "先生", "女士", "老师", "研究生", "硕士", "博导", "技术总监", "厂长",
    },
    key=len,
    reverse=True,
)
# Words after a bare name that mark it as a person ("李伟团队", "王强等人").
ZH_PERSON_AFTER = ["团队", "课题组", "等人", "等", "指出", "表示", "认为", "介绍", "说", "牵头"]

# Institution suffixes, longest first. Single characters (院, 所, 局, 厅, 部, 委) only count
# when not followed by a title character (院士, 所长, 局长 ...): see nlp_zh.
ZH_ORG_SUFFIXES = sorted(
    {
        "大学", "学院", "研究所", "研究院", "科学院", "工程院", "公司", "有限公司",
        "有限责任公司", "股份有限公司", "集团", "中心", "实验室", "重点实验室", "联盟", "协会",
        "学会", "委员会", "基金会", "合作社", "银行", "医院", "学校", "中学", "工厂", "酒厂",
        "厂", "局", "厅", "部", "委", "院", "所", "站", "办公室", "办", "研究会", "商会",
        "分公司", "子公司", "事务所", "园区", "产业园", "示范区", "开发区",
    },
    key=len,
    reverse=True,
)
# Characters after a one-character suffix that show it was part of a title, not a name end.
ZH_SUFFIX_BLOCKERS = set("士长员生")
# Characters an institution name never starts after (left boundaries for the suffix regex).
ZH_ORG_STOP = set(
    "的了在与和及或由对从向为是被把将于以等、，。；：！？（）()《》“”\"'‘’ \t\n·/和并同跟让使给"
    "据按过其该此这那各我你他她它们"
)
ZH_ORG_BAD_START = set("该本此这那各其我你他她它每某")

# Places: countries, Chinese provinces and large cities (English, Chinese).
PLACES_EN = [
    "China", "People's Republic of China", "P.R. China", "PR China", "USA", "United States",
    "U.S.", "Japan", "Korea", "South Korea", "Germany", "France", "United Kingdom", "UK",
    "England", "Italy", "Spain", "Netherlands", "Denmark", "Sweden", "Finland", "Norway",
    "Canada", "Brazil", "India", "Australia", "Russia", "Singapore", "Switzerland", "Belgium",
    "Austria", "Poland", "Thailand", "Vietnam", "Indonesia", "Malaysia", "Europe", "Asia",
    "Beijing", "Shanghai", "Tianjin", "Chongqing", "Jilin", "Changchun", "Jilin City",
    "Songyuan", "Siping", "Baicheng", "Liaoyuan", "Tonghua", "Yanbian", "Heilongjiang",
    "Harbin", "Liaoning", "Shenyang", "Dalian", "Inner Mongolia", "Hebei", "Shijiazhuang",
    "Shanxi", "Taiyuan", "Shaanxi", "Xi'an", "Henan", "Zhengzhou", "Shandong", "Jinan",
    "Qingdao", "Jiangsu", "Nanjing", "Suzhou", "Zhejiang", "Hangzhou", "Ningbo", "Anhui",
    "Hefei", "Fujian", "Xiamen", "Fuzhou", "Jiangxi", "Nanchang", "Hubei", "Wuhan", "Hunan",
    "Changsha", "Guangdong", "Guangzhou", "Shenzhen", "Guangxi", "Nanning", "Hainan",
    "Sichuan", "Chengdu", "Guizhou", "Guiyang", "Yunnan", "Kunming", "Gansu", "Lanzhou",
    "Qinghai", "Ningxia", "Xinjiang", "Urumqi", "Tibet", "Hong Kong", "Macau", "Taiwan",
    "Ordos", "Datong", "Yulin", "Huainan", "Xuzhou", "Yushu", "Gongzhuling", "Nong'an",
    "Northeast China", "North China",
]
PLACES_ZH = [
    "中国", "中华人民共和国", "美国", "日本", "韩国", "德国", "法国", "英国", "意大利",
    "西班牙", "荷兰", "丹麦", "瑞典", "芬兰", "挪威", "加拿大", "巴西", "印度", "澳大利亚",
    "俄罗斯", "新加坡", "瑞士", "欧洲", "亚洲", "北京", "上海", "天津", "重庆", "吉林",
    "吉林省", "长春", "长春市", "吉林市", "松原", "松原市", "四平", "四平市", "白城", "白城市",
    "辽源", "通化", "延边", "黑龙江", "黑龙江省", "哈尔滨", "辽宁", "辽宁省", "沈阳", "大连",
    "内蒙古", "内蒙古自治区", "河北", "河北省", "石家庄", "山西", "山西省", "太原", "陕西",
    "陕西省", "西安", "河南", "河南省", "郑州", "山东", "山东省", "济南", "青岛", "江苏",
    "江苏省", "南京", "苏州", "浙江", "浙江省", "杭州", "宁波", "安徽", "安徽省", "合肥",
    "福建", "福建省", "厦门", "福州", "江西", "江西省", "南昌", "湖北", "湖北省", "武汉",
    "湖南", "湖南省", "长沙", "广东", "广东省", "广州", "深圳", "广西", "南宁", "海南",
    "四川", "四川省", "成都", "贵州", "贵州省", "贵阳", "云南", "云南省", "昆明", "甘肃",
    "甘肃省", "兰州", "青海", "宁夏", "新疆", "乌鲁木齐", "西藏", "香港", "澳门", "台湾",
    "鄂尔多斯", "大同", "榆林", "淮南", "徐州", "公主岭", "农安", "榆树", "东北", "东北地区",
    "华北", "北京市", "上海市", "天津市", "重庆市", "长春新区", "鄂尔多斯市", "榆林市",
]
