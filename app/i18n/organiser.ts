export const organiser = {
  zh: {
    "organiser.title": "组委会工作台",
    "organiser.conferences": "大会",
    "organiser.conference.name": "名称",
    "organiser.conference.dates": "日期",
    "organiser.conference.target": "签约目标",
    "organiser.conference.liveScreen": "数据大屏",
    "organiser.empty": "还没有大会。",
  },
  en: {
    "organiser.title": "Organiser desk",
    "organiser.conferences": "Conferences",
    "organiser.conference.name": "Name",
    "organiser.conference.dates": "Dates",
    "organiser.conference.target": "Signing target",
    "organiser.conference.liveScreen": "Big screen",
    "organiser.empty": "No conferences yet.",
  },
} as const
