"""Demo examples of issue 16's workflow: tasks from a 批示, a 文件 and a 会议纪要, an approved and a refused
extension, and a township's task split into village sub-tasks (one of them closed)."""
import datetime

from ..models import Task
from ..services import workflow
from ..services.extensions import extension_approve, extension_refuse, extension_request
from ..services.subtasks import task_split


def load_workflow_examples(units, users, office_user, today: datetime.date) -> list[Task]:
    """Create the examples through the services; return the tasks made."""
    days = datetime.timedelta
    housing, emergency = units["青溪县住房和城乡建设局"], units["青溪县应急管理局"]

    instruction = workflow.task_create(
        title="落实李卫东同志关于冬季城区集中供暖保障的批示", lead_unit=housing,
        cooperating_units=[units["国网青溪县供电公司"]], responsible_person="孙丽",
        deadline=today + days(10), created_by=office_user, source_kind=Task.Source.INSTRUCTION,
        source_person="李卫东", source_date=today - days(3),
        description="对供暖管网、热源厂逐一排查,确保居民室温达标,投诉件24小时内回复。",
    )
    workflow.task_accept(task=instruction, actor=users["zhujian"])
    asked = extension_request(
        task=instruction, unit=housing, actor=users["zhujian"], requested_deadline=today + days(25),
        reason="新建换热站设备到货推迟,需待设备安装调试后方能全面验收。",
    )
    extension_approve(extension=asked, actor=office_user, note="同意延期,请每周报送一次进展。")

    document = workflow.task_create(
        title="贯彻落实《关于做好冬春季森林草原防灭火工作的通知》", lead_unit=emergency,
        responsible_person="赵强", deadline=today + days(6), created_by=office_user,
        source_kind=Task.Source.DOCUMENT, source_reference="青政办〔2026〕18号", source_date=today - days(8),
        description="制定本县实施方案,组织重点林区巡护和隐患排查,按期报送落实情况。",
    )
    workflow.task_accept(task=document, actor=users["yingji"])
    asked = extension_request(
        task=document, unit=emergency, actor=users["yingji"], requested_deadline=today + days(20),
        reason="部分林区道路结冰,巡护进度受影响。",
    )
    extension_refuse(extension=asked, actor=office_user, reason="文件规定的报送时限不能调整,请增派力量按期完成。")

    hekou = units["河口镇"]
    parent = workflow.task_create(
        title="沿河村庄冬季防溺水和冰面安全巡查", lead_unit=hekou, responsible_person="王芳",
        deadline=today + days(15), created_by=office_user, source_kind=Task.Source.MINUTES,
        source_reference="县政府常务会议纪要〔2026〕9号", source_date=today - days(6),
        description="在沿河危险水域设置警示标识,落实每日巡查,发现冰面活动及时劝离。",
    )
    workflow.task_accept(task=parent, actor=users["hekou"])
    villages = [units[name] for name in ("河口村", "渡口村", "沙湾村")]
    subtasks = task_split(
        task=parent, actor=users["hekou"],
        subtasks=[{"lead_unit": village, "title": f"{village.name}沿河防溺水巡查", "deadline": today + days(10)}
                  for village in villages],
    )
    village_clerk = users["hekoucun"]
    first = subtasks[0]
    workflow.task_accept(task=first, actor=village_clerk)
    workflow.task_request_close(task=first, unit=first.lead_unit, actor=village_clerk,
                                text="已在3处危险水域设置警示牌,落实2名巡查员每日巡查。")
    workflow.task_close(task=first, actor=office_user, reason="经核实,警示标识和巡查已落实。")
    return [instruction, document, parent, *subtasks]
