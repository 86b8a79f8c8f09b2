"""Is a word the model tagged as a person plausibly a Chinese personal name?

On social-media text LAC tags many ordinary words as persons ("开心", "心喵"). A Chinese name
opens with a surname, or a familiar prefix (小, 阿, 老); a name of three characters may be a
transliterated foreign one ("奥巴马"), so only two-character and four-or-more-character words
are held to the surname test. Names written with a middle dot ("阿诺德·施瓦辛格") or in Latin
letters are not tested.
"""

from __future__ import annotations

import re

# the common surnames (simplified, and the traditional forms that differ), then the compound ones
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜"
    "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎"
    "贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧"
    "耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍"
    "华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏"
    "宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈"
    "匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冒蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖"
    "练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓"
    "修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展"
    "阴昝智幸奉植衡富尧闭由赖"
    "張陳劉黃趙吳鄭謝許韓馮鄧蕭葉蘇盧鍾譚陸範賈韋鄒龍顧龔萬錢嚴溫齊喬龐顏聶魯嶽歐關蘭紀單駱"
    "藍遊饒賴楊孫鄺閆傅"
)
COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "端木", "歐陽", "司馬", "諸葛",
)  # fmt: skip
_FAMILIAR = ("小", "阿", "老")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def plausible_person(text: str) -> bool:
    """False for a word of Chinese characters only, of two or of four and more, that opens with
    neither a surname nor a familiar prefix; True otherwise."""
    if not _HAN_ONLY.fullmatch(text) or len(text) == 3 or len(text) < 2:
        return True
    return text[0] in SURNAMES or text.startswith(COMPOUND_SURNAMES + _FAMILIAR)
