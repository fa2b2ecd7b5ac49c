"""Small text helpers shared by the modules: widths and Chinese numerals."""

# Full-width ASCII variants and a few bracket forms, mapped one character to
# one character, so offsets in the "analysis" copy are offsets in the source.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, ord("〔"): ord("("), ord("〕"): ord(")"),
               ord("﹝"): ord("("), ord("﹞"): ord(")"), ord("【"): ord("["),
               ord("】"): ord("]"), ord("﹐"): ord(","), ord("﹔"): ord(";"),
               ord("﹕"): ord(":"), ord("．"): ord(".")})


# Traditional characters that simplified text never uses, each mapped to its
# one simplified form (縣→县, 門→门, 負責→负责): speeches pasted from pages in
# traditional characters read like any other. One character to one keeps the
# offsets; ambiguous ones (乾, 著, 瞭, 藉) are left as written.
_TRADITIONAL = "縣鄉鎮區門們機關單辦會廳業衛農環務運輸資發監檢醫療體財應鐵電氣經濟場處級個條責負頭須確實與為對強這將該導組織書記長還進種點號時間內後兩週節歲黨國華東紀傳達貫徹習講話議題論認識調設計劃規範則標準質數據統問難勢態緊張嚴厲聯繫係協訂證報請讓說談讀寫學師員幹動勞參開閉爭戰舉歸屬邊遠鄰層構築畫藝術聲響顧觀親權營銷購貨幣價錢稅費貸銀險災禍損壞護減輕穩亂罰獎懲圍團隊軍徵選雙從眾絕隨麼濱灣嶺島陽陰雲雖雞豬魚鳥馬車輛駕駛線網絡際預測視頻訊廣訪歡樂愛舊優勝敗貧窮饑餓飯館飲樓橋塊壩溝澇滅燒煙燈熱爐廠礦煉鋼錯鎖鐘鍵鑒閱闊隱陸階陳雜離靜頁項順頑領顆額顏願類顯風飛餘驗驚鬥鬧鮮鳴麥黃齊龍圖園圓壓壯夢奪奮婦孫寧審寬專尋屆峽崗帥帶幫庫廁廢彈彙徑復憂懷戲戶捨掃掛採換揮搖撥擁擇擊擔擴擬擾攔攝敵斷晉暢曉曆歷來楊極榮槍樣樹橫檔欄殘殺毀漢滿潔澤濃濕烏無煩爺牆牽犧狀獨獲穫獻現產畝畢當盡盤礎禮稱穀積競筆簡簽籌糧糾約紅紙純納紛細終結給絲綜綠維緒編緩練縮總績繩繼續罷羅義聖聞聽肅腦腳臉臨艱莊萬葉藍蘇蟲補裝製複見覺訓託許訴診詞試詳誠誤誰課諸謀謝譯變讚豐貢販貪貴買貼賀賓賠賣賬賽贈贊趕跡踐蹤軌軟較載輔辭邁連過違適遲遷遺郵釋針銅鋪錄鍋鏈鑄閃閒閘陣靈頂養駐驅鬆麗齡於裡裏隻臺髮麵臟幾億勵啟噸壇壘獸獄瘧癥盜碼礙禦穌窩竊篩緝縱繳聳脈膽艦蓋蔭薦藥蘭蝦衝襲誌諮謠譽貿賦贏軸輿轄轉辯迴遞邏醜釀鉅鋒錶鎊閥闖闡隸雛霧韋頒頓頸頹顛飄飼餅駁騰骯鬱鳳鹽黴齋側偽傘備傷傾僅償兒凍剛創劇劉劍勁勻匯卻厭啞喪喚嗎嘗嚇囑塗墊墳奧奬妝姍嬰寶尷嶄巔廚廟彌徠慘慣慮慶憐憑懇懶戀拋挾捲掄揀揚搶搾摟摯撐撲撿擋擠擺攜攤敘斂暫曬朧棄棗棟椏槳樁樞橢檯櫃歐殼氾決沖沒況淚淺渦湧滯滲滾漁漲漿潛潰澀濁濫瀉瀏灑爛爾牘犢猶獵玀瑣璽甕疊瘡癢皺盞瞞矚碩磚祿禪穎窯竅筍箏籤籠粵糞紋紐紡絞絨綑緣繞繪纜罈罵羨翹聰膠膩膚臘興艙蘆蘋虛蝕蠟衊襪覽觸訝詐誕諒謊譏豎貓賊賤賢贓蹟軀輩輪轟辮遜郟醞鈔鈣鉛銜鋁錫鍊鎔鏟鑰闢陝隕雋鞏韻頰顫餵饒騷驕髏鬍鯉鴨鵝鶴鷹齣齒龜"
_SIMPLIFIED = "县乡镇区门们机关单办会厅业卫农环务运输资发监检医疗体财应铁电气经济场处级个条责负头须确实与为对强这将该导组织书记长还进种点号时间内后两周节岁党国华东纪传达贯彻习讲话议题论认识调设计划规范则标准质数据统问难势态紧张严厉联系系协订证报请让说谈读写学师员干动劳参开闭争战举归属边远邻层构筑画艺术声响顾观亲权营销购货币价钱税费贷银险灾祸损坏护减轻稳乱罚奖惩围团队军征选双从众绝随么滨湾岭岛阳阴云虽鸡猪鱼鸟马车辆驾驶线网络际预测视频讯广访欢乐爱旧优胜败贫穷饥饿饭馆饮楼桥块坝沟涝灭烧烟灯热炉厂矿炼钢错锁钟键鉴阅阔隐陆阶陈杂离静页项顺顽领颗额颜愿类显风飞余验惊斗闹鲜鸣麦黄齐龙图园圆压壮梦夺奋妇孙宁审宽专寻届峡岗帅带帮库厕废弹汇径复忧怀戏户舍扫挂采换挥摇拨拥择击担扩拟扰拦摄敌断晋畅晓历历来杨极荣枪样树横档栏残杀毁汉满洁泽浓湿乌无烦爷墙牵牺状独获获献现产亩毕当尽盘础礼称谷积竞笔简签筹粮纠约红纸纯纳纷细终结给丝综绿维绪编缓练缩总绩绳继续罢罗义圣闻听肃脑脚脸临艰庄万叶蓝苏虫补装制复见觉训托许诉诊词试详诚误谁课诸谋谢译变赞丰贡贩贪贵买贴贺宾赔卖账赛赠赞赶迹践踪轨软较载辅辞迈连过违适迟迁遗邮释针铜铺录锅链铸闪闲闸阵灵顶养驻驱松丽龄于里里只台发面脏几亿励启吨坛垒兽狱疟症盗码碍御稣窝窃筛缉纵缴耸脉胆舰盖荫荐药兰虾冲袭志咨谣誉贸赋赢轴舆辖转辩回递逻丑酿巨锋表镑阀闯阐隶雏雾韦颁顿颈颓颠飘饲饼驳腾肮郁凤盐霉斋侧伪伞备伤倾仅偿儿冻刚创剧刘剑劲匀汇却厌哑丧唤吗尝吓嘱涂垫坟奥奖妆姗婴宝尴崭巅厨庙弥徕惨惯虑庆怜凭恳懒恋抛挟卷抡拣扬抢榨搂挚撑扑捡挡挤摆携摊叙敛暂晒胧弃枣栋桠桨桩枢椭台柜欧壳泛决冲没况泪浅涡涌滞渗滚渔涨浆潜溃涩浊滥泻浏洒烂尔牍犊犹猎猡琐玺瓮叠疮痒皱盏瞒瞩硕砖禄禅颖窑窍笋筝签笼粤粪纹纽纺绞绒捆缘绕绘缆坛骂羡翘聪胶腻肤腊兴舱芦苹虚蚀蜡蔑袜览触讶诈诞谅谎讥竖猫贼贱贤赃迹躯辈轮轰辫逊郏酝钞钙铅衔铝锡炼熔铲钥辟陕陨隽巩韵颊颤喂饶骚骄髅胡鲤鸭鹅鹤鹰出齿龟"
_WIDTH.update(zip(map(ord, _TRADITIONAL), map(ord, _SIMPLIFIED)))


def fold_width(text):
    """Half-width, simplified-character copy of TEXT with exactly the same length."""
    return text.translate(_WIDTH)


CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUM_CHARS = "〇零一二两三四五六七八九十百"


def cn_to_int(s):
    """Value of a Chinese or Arabic numeral up to 999; None if it is not one."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if s[0] in CN_DIGITS and all(c in CN_DIGITS for c in s) and len(s) > 1:
        # Digit by digit, as in 二〇二三.
        return int("".join(str(CN_DIGITS[c]) for c in s))
    total, current = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def is_cjk(ch):
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


SENTENCE_END = "。!?"
CLAUSE_END = "。!?;:,"
