"""The demo county: 青溪县, its departments, townships/streets and villages."""

COUNTY = ("青溪县", "青溪县", "")

OFFICE = ("青溪县委督查室", "县委督查室", "督查室、县委县政府督查室")

# (full name, short name, aliases)
DEPARTMENTS = [
    ("青溪县发展和改革委员会", "县发改委", "县发展改革委、发改委"),
    ("青溪县教育局", "县教育局", "教育局"),
    ("青溪县公安局", "县公安局", "公安局"),
    ("青溪县民政局", "县民政局", "民政局"),
    ("青溪县财政局", "县财政局", "财政局"),
    ("青溪县人力资源和社会保障局", "县人社局", "人社局、县人力资源社会保障局"),
    ("青溪县自然资源和规划局", "县自然资源和规划局", "县自然资源局、自然资源局、县自规局"),
    ("青溪县住房和城乡建设局", "县住建局", "住建局、县住房城乡建设局"),
    ("青溪县交通运输局", "县交通运输局", "县交通局、交通局"),
    ("青溪县水利局", "县水利局", "水利局"),
    ("青溪县农业农村局", "县农业农村局", "农业农村局、县农业局"),
    ("青溪县商务局", "县商务局", "商务局"),
    ("青溪县文化和旅游局", "县文旅局", "文旅局、县文化旅游局"),
    ("青溪县卫生健康委员会", "县卫健委", "县卫生健康委、卫健委"),
    ("青溪县应急管理局", "县应急局", "县应急管理局、应急局"),
    ("青溪县市场监督管理局", "县市场监管局", "市场监管局、县市场监督管理局"),
    ("青溪县政务服务中心", "县政务服务中心", "政务服务中心"),
    ("中共青溪县委宣传部", "县委宣传部", "宣传部"),
    ("青溪县消防救援大队", "县消防救援大队", "消防救援大队、县消防大队"),
    ("国网青溪县供电公司", "县供电公司", "供电公司"),
]

# (name, kind, username of its clerk, [villages or communities])
TOWNSHIPS = [
    ("城关镇", "township", "chengguan", ["东关社区", "西关社区", "南街村", "北坡村"]),
    ("青溪街道", "street", "qingxi", ["滨河社区", "文昌社区", "新华社区"]),
    ("东城街道", "street", "dongcheng", ["东湖社区", "朝阳社区", "杨柳村"]),
    ("河口镇", "township", "hekou", ["河口村", "渡口村", "沙湾村", "王家庄村"]),
    ("柳林镇", "township", "liulin", ["柳林村", "前进村", "红星村"]),
    ("石桥镇", "township", "shiqiao", ["石桥村", "高家村", "李庄村", "新民村"]),
    ("马坊乡", "township", "mafang", ["马坊村", "东岭村", "西岭村"]),
    ("黄庄乡", "township", "huangzhuang", ["黄庄村", "小河村", "刘家沟村"]),
    ("白沙镇", "township", "baisha", ["白沙村", "青山村", "堰头村"]),
    ("龙泉镇", "township", "longquan", ["龙泉村", "泉水村", "上寨村", "下寨村"]),
    ("杏花乡", "township", "xinghua", ["杏花村", "桃园村", "梨树沟村"]),
    ("南山乡", "township", "nanshan", ["南山村", "松林村", "石门村"]),
]

# (username, full name, unit name, role)
USERS = [
    ("duchashi", "周敏", "青溪县委督查室", "office"),
    ("lingdao", "李卫东", "青溪县", "leader"),
    ("weijianwei", "陈静", "青溪县卫生健康委员会", "clerk"),
    ("yingji", "赵强", "青溪县应急管理局", "clerk"),
    ("zhujian", "孙丽", "青溪县住房和城乡建设局", "clerk"),
    ("fagaiwei", "吴涛", "青溪县发展和改革委员会", "clerk"),
    ("dongguan", "何雪", "东关社区", "clerk"),
    ("hekoucun", "刘洋", "河口村", "clerk"),
]
# Every township and street has its liaison clerk (联络员), named after it.
TOWNSHIP_CLERK_NAMES = ["郑华", "冯磊", "韩梅", "王芳", "杨帆", "朱琳", "秦川", "许诺", "吕洋", "施展", "张弛", "孔明"]
USERS += [
    (username, clerk_name, name, "clerk")
    for (name, _kind, username, _villages), clerk_name in zip(TOWNSHIPS, TOWNSHIP_CLERK_NAMES)
]

# The daily-report campaign of the fire-safety speech: the departments that report besides the townships.
CAMPAIGN_DEPARTMENTS = ["青溪县应急管理局", "青溪县住房和城乡建设局", "青溪县卫生健康委员会", "青溪县发展和改革委员会"]

DEMO_PASSWORD = "duban-demo-2026"
