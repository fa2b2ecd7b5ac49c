"""Units: actors and leads, not persons, places, objects or recipients."""
import pytest

from directives.extraction import extract_text


def fields(sentence):
    d = extract_text("一是抓好落实。" + sentence + "二是加强督查。").speeches[0].directives[0]
    return list(d.lead_units), list(d.units)


@pytest.mark.parametrize("sentence, leads, units", [
    ("县应急管理局牵头,开展隐患排查。", ["县应急管理局"], ["县应急管理局"]),
    ("由县住建局负责,组织燃气安全检查。", ["县住建局"], ["县住建局"]),
    ("县文旅局要牵好头,县公安局、县市场监管局要各司其职。", ["县文旅局"], ["县文旅局", "县公安局", "县市场监管局"]),
    ("防溺水工作由县教育局牵头,县水利局、县公安局配合。", ["县教育局"], ["县教育局", "县水利局", "县公安局"]),
    ("县公安局要会同县交通运输局开展整治。", [], ["县公安局", "县交通运输局"]),
    ("各乡镇(街道)和部门要对照任务清单抓落实。", [], ["各乡镇(街道)", "各部门"]),
    ("应急、消防、气象等部门要加强会商。", [], ["应急部门", "消防部门", "气象部门"]),
    ("其余各部门、单位在县发改委的统筹下做好保障。", [], ["其余各部门", "其余各单位", "县发改委"]),
    ("市纪委监委要加强监督。", [], ["市纪委监委"]),
    ("各村要组织人员巡查,中心校要开展安全教育。", [], ["各村", "中心校"]),
    ("所需经费由县财政局据实结算。", [], ["县财政局"]),
])
def test_units_found(sentence, leads, units):
    assert fields(sentence) == (leads, units)


@pytest.mark.parametrize("sentence", [
    "乡镇党委书记要亲自抓,党员干部要带头。",
    "广大群众要增强防范意识。",
    "公共场所要定期消毒。",
    "县卫健委要督促各药店落实实名登记。",
    "发现问题要及时报县应急办。",
    "省市县三级要加强联动。",
    "国务院安委会召开了全国电视电话会议。",
])
def test_units_not_found(sentence):
    _, units = fields(sentence)
    assert "各药店" not in units and "县应急办" not in units
    if "县卫健委" not in sentence:
        assert units == []


@pytest.mark.parametrize("sentence, leads, units", [
    # 会同X + any verb: X ends where its name ends
    ("县市场监管局要会同县公安局组成联合执法组,开展专项整治。", [], ["县市场监管局", "县公安局"]),
    ("县教育局要会同县卫健委成立工作专班,推进校园防疫。", [], ["县教育局", "县卫健委"]),
    ("由县商务局负责,会同县文旅局建立促消费活动清单。", ["县商务局"], ["县商务局", "县文旅局"]),
    ("县财政局要会同县税务局、县自然资源局、县住建局等部门建立联审机制。", [],
     ["县财政局", "县税务局", "县自然资源局", "县住建局"]),
    # a sub-unit of a body is one name
    ("县公安局交警大队要加强夜间巡逻。", [], ["县公安局交警大队"]),
    ("县委组织部要会同县委宣传部开展培训。", [], ["县委组织部", "县委宣传部"]),
])
def test_unit_names_end_where_the_organisation_name_ends(sentence, leads, units):
    assert fields(sentence) == (leads, units)


@pytest.mark.parametrize("sentence, units", [
    # brackets are part of a name: no split inside them
    ("各县(市、区)要压实属地责任。", ["各县(市、区)"]),
    ("各县(市、区)交通、公安部门要联合执法。", ["各县(市、区)交通部门", "各县(市、区)公安部门"]),
    # a member that is already complete keeps its own name
    ("市药品监管局、市城管局等部门要开展夜查。", ["市药品监管局", "市城管局"]),
    # the collective 各 is carried to bare organisation nouns
    ("各医院、卫生院要加强预检分诊。", ["各医院", "各卫生院"]),
    ("各小学、幼儿园要落实晨午检。", ["各小学", "各幼儿园"]),
    # a shared level prefix is carried to bare sector words
    ("县人社、医保、税务等部门要加强协作。", ["县人社部门", "县医保部门", "县税务部门"]),
    # a body named in the shared qualifier is carried with it
    ("各工作专班牵头单位和成员单位要加强对接。", ["各工作专班牵头单位", "各工作专班成员单位"]),
    # a category of its own (民营企业) does not take 各
    ("各行业协会、民营企业要落实防控措施。", ["各行业协会", "民营企业"]),
])
def test_lists_are_split_with_the_shared_qualifier_carried(sentence, units):
    assert fields(sentence) == ([], units)


@pytest.mark.parametrize("sentence, units", [
    # 各 + a noun that is not an organisation
    ("各项工作要抓早抓实,各个环节要无缝衔接。", []),
    ("各类问题要建立台账。", []),
    # 各 + organisations and areas
    ("各类企业要落实主体责任。", ["各类企业"]),
    ("各地要加强巡查。", ["各地"]),
    ("各镇(街道)要压实属地责任。", ["各镇(街道)"]),
    # persons joined to bodies: the persons dropped, the qualifier carried
    ("各分管领导和责任单位要对照清单抓落实。", ["各责任单位"]),
    ("各驻村工作队员和帮扶单位要加强走访。", ["各帮扶单位"]),
])
def test_collective_names_are_organisations_only(sentence, units):
    assert fields(sentence) == ([], units)


@pytest.mark.parametrize("sentence, leads, units", [
    ("县民政局为牵头单位,县财政局、县卫健委为成员单位,要建立养老服务协调机制。",
     ["县民政局"], ["县民政局", "县财政局", "县卫健委"]),
    ("县人社局作为牵头部门,县总工会为配合单位,要组织技能竞赛。", ["县人社局"], ["县人社局", "县总工会"]),
    ("县水务局对城区供水安全负总责,要在汛前完成管网检修。", ["县水务局"], ["县水务局"]),
    ("各乡镇负总责,要落实包村干部。", ["各乡镇"], ["各乡镇"]),
    ("牵头单位:县文旅局;配合单位:县公安局、县市场监管局。", ["县文旅局"], ["县文旅局", "县公安局", "县市场监管局"]),
])
def test_role_named_after_the_body_marks_lead_or_member(sentence, leads, units):
    got_leads, got_units = fields(sentence)
    assert got_leads == leads
    assert sorted(got_units) == sorted(units)


@pytest.mark.parametrize("sentence, units", [
    # a bare office after a list's first member takes that member's whole area prefix
    ("各街道党工委、办事处要落实网格化管理。", ["各街道党工委", "各街道办事处"]),
    ("各镇党委、政府要把秸秆禁烧列入重要议程。", ["各镇党委", "各镇政府"]),
    # a body named in quotes
    ("各村“两委”要组织清理房前屋后。", ["各村“两委”"]),
    ('各社区"两委"要做好入户宣传。', ['各社区"两委"']),
    # management committees
    ("各园区管委会要建立企业服务专员制度。", ["各园区管委会"]),
    ("县经开区管委会牵头,各园区管委会配合,开展闲置厂房清理。", ["县经开区管委会", "各园区管委会"]),
    # a co-actor after 会同/联合, not the verb after it
    ("县农商银行要会同人行县支行组织金融知识宣传。", ["县农商银行", "人行县支行"]),
    ("县公安局要联合县交通运输局开展超限超载治理。", ["县公安局", "县交通运输局"]),
    # an owner's member bodies, as written
    ("县乡村振兴领导小组各成员单位要各司其职。", ["县乡村振兴领导小组各成员单位"]),
])
def test_unit_names_keep_their_whole_name(sentence, units):
    _, got = fields(sentence)
    assert got == units


@pytest.mark.parametrize("sentence, leads, units", [
    # a name ends at its organisation suffix, not at a later one past a verb
    ("县住建局牵头,会同县水利局、县自然资源局制定易涝村整治方案。", ["县住建局"], ["县住建局", "县水利局", "县自然资源局"]),
    ("县人民医院、县妇幼保健院作为定点收治医院,要备足床位。", [], ["县人民医院", "县妇幼保健院"]),
    # subject + a clause of its own (发现…后) + 要
    ("各社区接到预警后要立即转移群众。", [], ["各社区"]),
    # a bare "X负责," heading a clause is a lead, like 由X负责
    ("县科技局负责,6月底前完成平台验收。", ["县科技局"], ["县科技局"]),
    # a person of an organisation as actor: no unit
    ("对排名靠后的乡镇,由县政府分管领导约谈乡镇主要负责同志。", [], []),
    # 各级 + a kind of body is a group of bodies
    ("各级团组织要把青年动员起来。", [], ["各级团组织"]),
    ("各级党组织要履行主体责任。", [], ["各级党组织"]),
    # a body led by a person to carry out the work
    ("李副县长要带领县应急救援大队开展演练。", [], ["县应急救援大队"]),
])
def test_unit_boundaries_and_actors(sentence, leads, units):
    assert fields(sentence) == (leads, units)


@pytest.mark.parametrize("sentence, unit", [
    ("各区县要在年底前完成摸底。", "各区县"),
    ("各旗县要落实属地责任。", "各旗县"),
])
def test_groups_of_counties_and_districts_are_units(sentence, unit):
    _, units = fields(sentence)
    assert unit in units
