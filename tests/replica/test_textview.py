"""The visible-text rules, on small snippets."""

from testground.replica.textview import visible_text


def test_whitespace_collapses_and_inline_elements_join():
    html = "<p>  Hello \n\t <b>big</b>\n   <i>world</i>  </p>"
    assert visible_text(html) == "Hello big world"


def test_paragraphs_are_separated_by_one_blank_line():
    html = "<h1>Title</h1><p>One</p><p>Two</p><blockquote>Three</blockquote><figure>Four</figure>"
    assert visible_text(html) == "Title\n\nOne\n\nTwo\n\nThree\n\nFour"


def test_nested_paragraph_margins_collapse():
    html = "<div><p>One</p></div><div><div><h3>Two</h3></div></div>"
    assert visible_text(html) == "One\n\nTwo"


def test_blocks_break_the_line_without_blank_lines():
    html = "<div>One</div><section>Two</section><nav>Three</nav>Four<div>Five</div>"
    assert visible_text(html) == "One\nTwo\nThree\nFour\nFive"


def test_img_renders_its_alt_inline():
    html = '<div>A <img src="x.jpg" alt="picture"> B <img src="y.jpg"></div>'
    assert visible_text(html) == "A picture B"


def test_invisible_elements_are_skipped():
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body>"
        "<script>var a = 1;</script><noscript>no js</noscript><template><p>t</p></template>"
        '<p hidden>hidden</p><div style="display: none">none</div><p>shown</p></body></html>'
    )
    assert visible_text(html) == "shown"


def test_list_items_are_bulleted_and_indented_by_depth():
    html = "<ul><li>News<ul><li>Politics</li><li>Economy</li></ul></li><li>Videos</li></ul>"
    assert visible_text(html) == "  • News\n    • Politics\n    • Economy\n  • Videos"


def test_broken_line_inside_li_continues_indented():
    html = '<ul><li>x</li><li><img alt="Riot police"><div>caption</div></li></ul>'
    assert visible_text(html) == "  • x\n  • Riot police\n    caption"


def test_lists_add_no_blank_lines_but_paragraphs_around_them_do():
    html = "<p>Lede</p><ul><li>a</li></ul><div>b</div><p>c</p>"
    assert visible_text(html) == "Lede\n\n  • a\nb\n\nc"


def test_bullet_character_inside_li_text():
    assert visible_text('<ul><li><span class="dot">•</span> LIVE</li></ul>') == "  • • LIVE"


def test_li_without_text_renders_nothing():
    assert visible_text("<ul><li></li><li> </li><li>a</li></ul>") == "  • a"


def test_nbsp_is_kept_and_never_stripped():
    html = "<p>in Almaty&nbsp;on Wednesday</p><p>early Thursday.&nbsp;</p>"
    assert visible_text(html) == "in Almaty\xa0on Wednesday\n\nearly Thursday.\xa0"


def test_br_breaks_the_line():
    assert visible_text("<p>one<br>two<br><br>three</p>") == "one\ntwo\n\nthree"


def test_no_leading_or_trailing_blank_lines_and_no_final_newline():
    assert visible_text("\n<p>\n only \n</p>\n\n") == "only"
    assert visible_text("") == ""
    assert visible_text("<div> </div>") == ""


def test_entities_are_decoded():
    assert visible_text("<p>A &amp; B &lt;c&gt; &#8216;q&#8217;</p>") == "A & B <c> ‘q’"
