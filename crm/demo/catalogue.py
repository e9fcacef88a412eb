"""What the demo county is working on: its activities and projects, as plain data.

Projects follow the article (磁县, 2022) shifted to recent years: 格锐恩绿色钢能循环利用项目
(20亿元, started in February, 省重点), 绿色装配式智能制造, 电动汽车车载电源, the four clusters
精细化工/童装安防/文旅康养/建筑建材, 云招商 sessions and a 云签约 ceremony.
"""

from dataclasses import dataclass

from crm.domain.stages import Screening, Stage, Status


@dataclass(frozen=True)
class A:
    title: str
    kind: str  # DictKind.activity_type code
    days_ago: int
    platform: str  # DictKind.platform code
    organiser: str
    leaders: tuple[str, ...]
    location: str = ""
    notes: str = ""


ACTIVITIES: dict[str, A] = {
    "cloud1": A("磁县精细化工产业云招商推介会", "cloud_promo", 430, "tencent_meeting", "招商一科",
                ("leader",),
                notes="面向京津、长三角化工企业线上推介化工园区承载条件，在线企业68家。"),
    "cloud2": A("童装安防产业云招商专场", "cloud_promo", 310, "video_conf", "招商二科",
                ("leader2",), notes="联合湖州织里、广州童装商会线上推介，在线企业45家。"),
    "cloud3": A("文旅康养产业云招商对接会", "cloud_promo", 200, "dingtalk", "招商二科",
                ("leader2",), notes="推介磁州窑、滏阳河生态资源，在线企业32家。"),
    "talk": A("京津冀建筑建材企业云洽谈会", "cloud_talk", 260, "tencent_meeting", "招商一科",
              ("leader2",), notes="与12家建材企业一对一视频洽谈。"),
    "sign": A("磁县重点项目集中云签约仪式", "cloud_sign", 140, "video_conf", "综合科",
              ("leader", "leader2"), location="县政府视频会议室",
              notes="主会场设县政府，企业在线签约。"),
    "roadshow": A("磁县（深圳）招商推介会", "roadshow", 360, "onsite", "招商一科", ("leader",),
                  location="广东省深圳市", notes="推介经济开发区新能源及汽车电子产业配套。"),
    "outbound": A("赴长三角外出招商（上海、苏州、湖州）", "outbound", 520, "onsite", "招商二科",
                  ("leader2",), location="上海市、江苏省苏州市、浙江省湖州市"),
    "visit": A("央企考察团来磁县考察", "visit", 55, "onsite", "项目服务科",
               ("leader", "leader2"), location="磁县经济开发区、磁县化工园区"),
    "expo": A("中国国际投资贸易洽谈会（厦门）", "expo", 80, "onsite", "招商一科", ("leader2",),
              location="福建省厦门市", notes="设磁县招商展位，洽谈企业20余家。"),
}


@dataclass(frozen=True)
class P:
    name: str
    investors: tuple[str, ...]  # company keys, the lead investor first
    stage: Stage
    amount: str  # total investment as typed, e.g. "20亿"
    channel: str  # DictKind.channel code
    cluster: str | None
    org: str
    status: Status = Status.normal
    status_reason: str = ""
    pipeline_class: str | None = None  # derived from the amount when None
    activity: str | None = None  # the activity the lead came from
    signed_at: str | None = None  # the 云签约 activity its 投资协议 was signed at
    code_name: str = ""  # set for confidential projects
    screening: Screening | None = None  # only leads from 全员招商 intake
    screening_reason: str = ""
    duplicate_of: str = ""  # name of the project it duplicates
    framework: bool = False  # a 框架协议 before the 投资协议 (or while 在谈)
    # A 补充协议 raising the agreed total (the 投资协议 had `amount`); the project's total.
    supplement: str = ""
    reactivated: bool = False  # paused once, then back to 正常
    started_in_february: bool = False
    jobs: int | None = None
    output: str = ""  # expected annual output
    land_mu: str = ""
    usd_wan: str = ""  # foreign capital in 万美元
    description: str = ""


S = Stage
PROJECTS: list[P] = [
    # The article's flagship, shifted to recent years.
    P("格锐恩绿色钢能循环利用项目", ("geruien",), S.started, "18亿", "chain", None,
      "磁县经济开发区", pipeline_class="A", framework=True, supplement="20亿",
      started_in_february=True, jobs=1500, output="200亿", land_mu="680",
      description="建设废钢加工配送、短流程绿色钢能循环利用生产线，建成后形成产业集群，"
                  "带动本地配套企业发展。"),
    P("绿色装配式智能制造项目", ("guocai", "jici"), S.started, "12亿", "chain", "building",
      "磁县经济开发区", pipeline_class="A", signed_at="sign", activity="talk", jobs=600,
      land_mu="420"),
    P("电动汽车车载电源项目", ("ruineng",), S.registered, "5亿", "cloud", None, "磁县经济开发区",
      activity="roadshow", signed_at="sign", supplement="6.5亿", jobs=800, land_mu="150"),
    P("新能源汽车电控系统项目", ("yuanju",), S.negotiation, "3.2亿", "professional", None,
      "磁县经济开发区", activity="roadshow", framework=True),
    P("废钢加工配送中心项目", ("gangliang",), S.producing, "2.8亿", "business", None,
      "磁县经济开发区"),
    P("装配式钢结构生产基地项目", ("yejian",), S.signed, "8亿", "chain", "building",
      "磁县经济开发区", signed_at="sign", land_mu="300"),
    P("新型墙体材料项目", ("jici",), S.operating, "1.5亿", "business", "building", "讲武城镇"),
    P("高性能混凝土预制构件项目", ("qilu",), S.producing, "3亿", "professional", "building",
      "讲武城镇", activity="talk"),
    P("绿色建材产业园项目", ("jiahua",), S.negotiation, "6亿", "cloud", "building",
      "磁县经济开发区", activity="talk", framework=True),
    P("建筑垃圾资源化利用项目", ("jizhong",), S.inspection, "1.8亿", "cloud", "building",
      "路村营乡", activity="talk"),
    # 精细化工
    P("年产5万吨电子级化学品项目", ("delin",), S.started, "9.6亿", "professional", "fine_chem",
      "磁县化工园区", activity="outbound", usd_wan="3000", jobs=260),
    P("高端涂料助剂生产基地项目", ("qisheng",), S.signed, "4.5亿", "cloud", "fine_chem",
      "磁县化工园区", activity="cloud1", framework=True),
    P("医药中间体产业化项目", ("taihe",), S.producing, "2.6亿", "cloud", "fine_chem",
      "磁县化工园区", activity="cloud1"),
    P("年产10万吨环保增塑剂项目", ("huahan",), S.operating, "3.5亿", "business", "fine_chem",
      "磁县化工园区"),
    P("水性树脂新材料项目", ("hongxin",), S.negotiation, "2.2亿", "cloud", "fine_chem",
      "磁县化工园区", activity="cloud1"),
    P("化工园区危废综合处置中心项目", ("binhai",), S.registered, "1.6亿", "upper",
      "fine_chem", "磁县化工园区"),
    P("特种表面活性剂项目", ("runhua",), S.inspection, "1.2亿", "phone_video", "fine_chem",
      "磁县化工园区", status=Status.paused, status_reason="企业资金链紧张，暂缓投资决策"),
    P("化工新材料仓储物流项目", ("binhai",), S.signed, "1.1亿", "business", "fine_chem",
      "磁县化工园区", status=Status.paused, status_reason="企业调整投资节奏，暂缓开工"),
    P("电子特气提纯项目", ("binhai",), S.contact, "2.5亿", "professional", "fine_chem",
      "磁县化工园区", activity="expo"),
    P("高端新材料生产基地项目", ("huake",), S.negotiation, "15亿", "chain", "fine_chem",
      "磁县化工园区", code_name="项目K-07", pipeline_class="A", activity="visit"),
    P("锂电池电解液添加剂项目", ("qisheng",), S.contact, "3亿", "business", "fine_chem",
      "磁县化工园区"),
    P("农药制剂搬迁入园项目", ("runhua",), S.signed, "0.9亿", "phone_video", "fine_chem",
      "磁县化工园区", status=Status.terminated,
      status_reason="企业被上级公司重组，投资计划取消，协议解除"),
    # 童装安防
    P("童装产业园项目", ("huacai",), S.started, "6亿", "cloud", "kids_security", "磁州镇",
      activity="cloud2", signed_at="sign", jobs=2000, land_mu="260"),
    P("童装智能制造及电商直播基地项目", ("tongxing",), S.producing, "1.8亿", "business",
      "kids_security", "磁州镇", activity="outbound", jobs=900),
    P("童装面辅料交易中心项目", ("tonghua",), S.negotiation, "1.5亿", "cloud", "kids_security",
      "磁州镇", activity="cloud2"),
    P("智能安防设备生产基地项目", ("andun",), S.started, "3.6亿", "professional",
      "kids_security", "讲武城镇"),
    P("安防产业园二期项目", ("haishi",), S.signed, "7亿", "chain", "kids_security", "磁州镇",
      activity="expo", framework=True),
    P("安防光学镜头生产项目", ("rijing",), S.inspection, "2亿", "cloud", "kids_security",
      "讲武城镇", activity="cloud2", usd_wan="1500"),
    P("韩星童装出口加工项目", ("hanxing",), S.negotiation, "1.2亿", "agency", "kids_security",
      "磁州镇", status=Status.lost, status_reason="企业最终选择落户山东省临沂市，已流失"),
    P("儿童安全座椅生产项目", ("andun",), S.contact, "0.8亿", "cloud", "kids_security",
      "磁州镇", activity="cloud2"),
    P("童装设计研发中心项目", ("huacai",), S.operating, "0.6亿", "business", "kids_security",
      "磁州镇"),
    P("校服定制生产线项目", ("tonghua",), S.screening, "0.5亿", "wechat", "kids_security",
      "招商二科"),
    P("高端童装品牌生产基地项目", ("huacai",), S.signed, "2.2亿", "business", "kids_security",
      "讲武城镇"),
    # 文旅康养
    P("磁州窑文化旅游综合体项目", ("cizhouyao", "chengfa"), S.registered, "4.8亿", "business",
      "tourism_health", "时村营乡", signed_at="sign", land_mu="380", jobs=450),
    P("滏阳河生态康养小镇项目", ("kangyi",), S.negotiation, "10亿", "cloud", "tourism_health",
      "路村营乡", activity="cloud3", pipeline_class="A", framework=True),
    P("温泉康养度假区项目", ("zhonglv", "chengfa"), S.inspection, "8亿", "cloud",
      "tourism_health", "时村营乡", activity="cloud3", reactivated=True),
    P("北朝文化主题公园项目", ("haojiang",), S.contact, "5亿", "cloud", "tourism_health",
      "时村营乡", activity="cloud3"),
    P("康养社区及护理中心项目", ("fengyuan",), S.screening, "2亿", "professional",
      "tourism_health", "路村营乡", usd_wan="2000"),
    P("乡村旅游民宿集群项目", ("chengfa",), S.contact, "0.8亿", "all_staff", "tourism_health",
      "路村营乡", screening=Screening.accepted),
    P("研学旅行营地项目", ("cizhouyao",), S.inspection, "0.7亿", "all_staff", "tourism_health",
      "时村营乡", screening=Screening.accepted),
    P("中医药康养基地项目", ("kangyi",), S.contact, "1.5亿", "upper", "tourism_health",
      "路村营乡", status=Status.terminated, status_reason="选址涉及生态红线，经研判终止"),
    P("磁州窑主题文化酒店项目", ("cizhouyao",), S.registered, "1.2亿", "business",
      "tourism_health", "时村营乡"),
    # 其他产业
    P("光伏支架及钢构件项目", ("yongxing",), S.started, "1.4亿", "business", None,
      "磁县经济开发区"),
    P("分布式光伏发电项目", ("yongxing",), S.producing, "1.2亿", "phone_video", None,
      "路村营乡"),
    P("智慧物流园项目", ("zhilian",), S.negotiation, "4亿", "wechat", None, "磁县经济开发区"),
    P("氢能综合利用示范项目", ("dianneng",), S.inspection, "6亿", "upper", None,
      "磁县经济开发区", activity="visit"),
    P("新能源重卡换电站及电池回收项目", ("dianneng", "yelv"), S.contact, "3.5亿", "chain", None,
      "磁县经济开发区", code_name="项目H-12"),
    P("总部经济及区域结算中心项目", ("huarui",), S.negotiation, "12亿", "business", None,
      "磁县经济开发区", code_name="项目Q-03", pipeline_class="A", status=Status.lost,
      status_reason="企业区域总部选址邯郸市主城区，项目流失"),
    P("绿色钢铁短流程配套项目", ("jinneng",), S.screening, "3亿", "chain", None,
      "招商一科"),
    P("中小企业孵化基地项目", ("jijin",), S.screening, "1亿", "upper", None, "招商一科",
      status=Status.removed, status_reason="超过6个月无实质进展，经研判移出项目库"),
    P("冷链物流仓储项目", ("zhilian",), S.lead, "0.6亿", "phone_video", None, "招商一科"),
    P("再生铝加工项目", ("yelv",), S.screening, "2.4亿", "chain", None, "招商一科"),
    P("精密铸件加工项目", ("gangliang",), S.lead, "0.5亿", "wechat", None, "招商一科"),
    P("童装面料印染项目", ("tongxing",), S.lead, "0.9亿", "wechat", "kids_security", "招商二科"),
    P("汽车线束生产项目", ("yuanju",), S.lead, "0.7亿", "cloud", None, "招商一科",
      activity="expo"),
    P("生态农业观光园项目", (), S.lead, "0.4亿", "phone_video", "tourism_health", "招商二科",
      status=Status.removed, status_reason="投资方长期失联，移出项目库"),
    P("储能电站项目", ("dianneng",), S.screening, "4亿", "professional", None, "招商一科",
      activity="expo"),
    # 全员招商 intake: waiting, refused and duplicate leads.
    P("童装电商物流仓储项目", ("tonghua",), S.lead, "0.3亿", "all_staff", "kids_security",
      "招商二科", screening=Screening.pending),
    P("生物质颗粒燃料项目", (), S.lead, "0.2亿", "all_staff", None, "招商一科",
      screening=Screening.pending),
    P("小型洗砂场项目", (), S.lead, "0.1亿", "all_staff", None, "招商一科",
      screening=Screening.rejected, screening_reason="不符合河道管理和环保要求，不予受理"),
    P("废旧轮胎炼油项目", (), S.lead, "0.3亿", "all_staff", None, "招商一科",
      screening=Screening.rejected, screening_reason="属于国家淘汰类工艺，不予受理"),
    P("磁州窑陶瓷文创项目", ("cizhouyao",), S.lead, "0.5亿", "all_staff", "tourism_health",
      "招商二科", screening=Screening.duplicate, duplicate_of="磁州窑文化旅游综合体项目",
      screening_reason="与在库项目“磁州窑文化旅游综合体项目”为同一投资方同一事项"),
    P("安防摄像头代工项目", ("haishi",), S.lead, "0.4亿", "all_staff", "kids_security",
      "招商二科", screening=Screening.duplicate, duplicate_of="安防产业园二期项目",
      screening_reason="已由招商二科对接，并入“安防产业园二期项目”"),
]
