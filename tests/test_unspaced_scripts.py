"""Chinese and Japanese, written without spaces between words, cleaned with the shipped model.

Word counts, sentence counts and similarities must not rest on spaces: a Chinese sentence used to count as one
"word" and read like a menu item, so an article's short closing paragraphs went as chat residue. The pages and
texts below were written for these tests: a city news story in each language, with its site's navigation,
byline, share bar, related headlines and footer around it.
"""

from __future__ import annotations

import html

import pytest

from filterkit.features import _content_words, word_count
from filterkit.segment import normalize_space

JA_ARTICLE = (
    "静岡市は18日、市内を走る路面電車の延伸計画を正式に決定したと発表した。新たな路線は静岡駅から東静岡駅までの約4.2"
    "キロで、2031年の開業を目指す。総事業費は約310億円と見込まれている。",
    "計画では、停留所を9か所新設し、ピーク時には6分間隔で運行する。市によると、沿線には高校や病院が多く、1日あたり約1万"
    "8000人の利用が見込まれるという。",
    "市長は記者会見で「車に頼らなくても暮らせる街づくりの大きな一歩だ」と述べた。一方、沿線の商店街からは、工事期間中の交通"
    "規制による売り上げへの影響を心配する声も上がっている。",
    "市は来年度に環境影響評価を始め、2027年度の着工を予定している。",
    "工事は3つの区間に分けて進める。",
    "費用の半分は国の補助金でまかなう。",
)
JA_CHROME = ("ホーム", "ニュース", "政治", "経済", "国際", "スポーツ", "地域", "2025年6月18日 18:05 | 静岡日報",
             "浜松市、自転車専用レーンを拡大へ", "富士市の新図書館、来月開館", "県内の路線バス、運賃を改定",
             "会社概要", "お問い合わせ", "プライバシーポリシー", "利用規約", "© 2025 静岡日報社")
JA_PAGE = (
    "<html lang='ja'><head><title>静岡市、路面電車の延伸を決定</title></head><body><header><nav><ul>"
    + "".join(f"<li><a href='/{n}'>{item}</a></li>" for n, item in enumerate(JA_CHROME[:7]))
    + "</ul></nav></header><main><article><h1>静岡市、路面電車の延伸を決定</h1>"
    f"<p class='byline'>{JA_CHROME[7]}</p><div class='article-body'>"
    + "".join(f"<p>{html.escape(p)}</p>" for p in JA_ARTICLE)
    + "</div><div class='share'><a>X</a><a>Facebook</a><a>LINE</a><a>リンクをコピー</a></div></article>"
    "<aside><h2>関連記事</h2><ul>" + "".join(f"<li><a href='/r{n}'>{item}</a></li>"
                                          for n, item in enumerate(JA_CHROME[8:11]))
    + "</ul></aside></main><footer><ul>" + "".join(f"<li><a href='/f{n}'>{item}</a></li>"
                                                   for n, item in enumerate(JA_CHROME[11:]))
    + "</ul></footer></body></html>")

ZH_ARTICLE = (
    "成都市政府周二宣布，将在明年春季前完成市区内全部老旧公交站台的改造工程。此次改造共涉及一千二百多个站台，总投资约三亿元"
    "人民币。",
    "根据计划，改造后的站台将配备电子显示屏，实时显示车辆到站信息，并增设无障碍通道和遮雨棚。部分客流量较大的站台还将安装"
    "空调候车亭。",
    "市交通运输局负责人表示，近年来市民对公交出行的体验提出了更高要求，站台改造是提升服务质量的重要一步。",
    "不过，也有市民担心施工期间会影响日常出行。对此，交通部门表示将分批施工，并提前发布临时站点信息。",
    "首批改造将从天府广场周边开始。",
    "工程预计明年三月全部完工。",
)
ZH_CHROME = ("首页", "新闻", "财经", "体育", "科技", "本地", "2025-06-18 09:30 来源：成都日报",
             "重庆地铁九号线下月开通", "成都新增三条定制公交线路", "春节期间公交运营时间调整")
ZH_PAGE = (
    "<html lang='zh'><head><title>成都改造公交站台</title></head><body><div class='nav'><ul>"
    + "".join(f"<li><a href='/{n}'>{item}</a></li>" for n, item in enumerate(ZH_CHROME[:6]))
    + f"</ul></div><div class='content'><h1>成都将完成全部老旧公交站台改造</h1><div class='info'>{ZH_CHROME[6]}</div>"
    "<div class='text'>" + "".join(f"<p>{html.escape(p)}</p>" for p in ZH_ARTICLE)
    + "</div><div class='share'>分享到：<a>微信</a><a>微博</a><a>QQ空间</a></div></div>"
    "<div class='related'><h3>相关新闻</h3><ul>" + "".join(f"<li><a href='/r{n}'>{item}</a></li>"
                                                     for n, item in enumerate(ZH_CHROME[7:]))
    + "</ul></div><div class='footer'><a href='/a'>关于我们</a> | <a href='/c'>联系我们</a> | "
    "<a href='/p'>隐私政策</a> | <a href='/l'>版权所有 © 2025 成都日报</a></div></body></html>")

PAGES = {"ja": (JA_PAGE, JA_ARTICLE, JA_CHROME), "zh": (ZH_PAGE, ZH_ARTICLE, ZH_CHROME)}


def test_a_character_of_an_unspaced_script_is_a_word():
    assert word_count(ZH_ARTICLE[5]) == len(ZH_ARTICLE[5]) - 1  # every character but the closing 。
    assert word_count("工事は3つの区間に分けて進める。") == 15  # "3" is one word, as in any script
    assert word_count("서울시는 18일 발표했다") == 3  # Korean is written with spaces: its words stay whole


def test_unspaced_scripts_are_compared_by_character_pairs():
    assert _content_words("路面電車の延伸") == ["路面", "面電", "電車", "車の", "の延", "延伸"]
    assert _content_words("Die Stadt Köln, 18日") == ["stadt", "köln", "日"]


@pytest.mark.parametrize("language", sorted(PAGES))
def test_the_article_is_kept_whole_and_the_chrome_dropped(shipped_filter, language):
    page, article, chrome = PAGES[language]
    document = shipped_filter.classify(page)
    by_text = {p.text: p for p in document.paragraphs}
    lost = [text for text in article if not by_text[normalize_space(text)].kept]
    assert not lost, f"article paragraphs dropped: {lost}"
    kept = [p.text for p in document.kept if p.text not in {normalize_space(t) for t in article}]
    assert not kept, f"chrome kept: {kept}"
    assert all(normalize_space(item) in by_text for item in chrome)


@pytest.mark.parametrize("language", sorted(PAGES))
def test_the_article_as_plain_text_is_kept_whole(shipped_filter, language):
    article = PAGES[language][1]
    assert shipped_filter.clean("\n\n".join(article)) == "\n\n".join(article)


LEDES = {"ja": "【ニューヨーク共同】米ニューヨーク市で17日、大規模な停電が発生し、約12万世帯で電気が使えなくなった。電力会社"
               "によると、変電所の火災が原因とみられる。",
         "zh": "新华社北京6月17日电 国家统计局17日发布数据显示，5月份全国规模以上工业增加值同比增长5.6%，增速较上月有所回落。"}


# (The Chinese story failed with the shipped model b7f7a264a07e, off-topic 0.15 under the 0.2 a dated story needs;
# it goes since the training ledes are sometimes cut a sentence a paragraph, model 06cb3d31c43c.)
@pytest.mark.parametrize("language", ["ja", "zh"])
def test_a_trailing_story_is_dropped(shipped_filter, language):
    """A wire story's opening after the article, its dateline ("【ニューヨーク共同】", "新华社北京6月17日电") read as one."""
    article = PAGES[language][1]
    assert shipped_filter.clean("\n\n".join([*article, LEDES[language]])) == "\n\n".join(article)


UNDATED_LEDES = {
    "ja": [LEDES["ja"].split("】", 1)[1], "北海道の十勝地方で17日、今季初めての霜が観測された。平年より5日早く、農家は収穫を急いでいる。"],
    "zh": [LEDES["zh"].split("电 ", 1)[1],
           "广东省气象台17日发布暴雨黄色预警，预计未来三天珠江三角洲地区将出现强降雨，部分地区累计雨量可达200毫米。"],
}


@pytest.mark.xfail(strict=True, reason="without a dateline the model reads two unrelated stories after a short Chinese or "
                                       "Japanese article as more of it (off-topic 0.00-0.07 with model 0fa77936056d): on "
                                       "the noise dev set 8.3% (ja) and 6.4% (zh) of lede paragraphs are kept, against "
                                       "11.3% in English, most of them undated")
@pytest.mark.parametrize("language", sorted(PAGES))
def test_two_undated_trailing_stories_are_dropped(shipped_filter, language):
    article = PAGES[language][1]
    assert shipped_filter.clean("\n\n".join([*article, *UNDATED_LEDES[language]])) == "\n\n".join(article)
