"""Invented names and words for the demo centre (any likeness to real people is chance)."""

from __future__ import annotations

CENTRE_NAME = "星河跨境客服中心 Xinghe Cross-border Service Centre (Demo)"
CHECKUP_TITLE = "每月身心小调查 Monthly well-being check-up"
EMAIL_DOMAIN = "xinghe-demo.example"

# Team key → display name. Europe & US answers EU/US buyers through the Chinese night.
TEAM_NAMES = {
    "eu": "欧美站 Europe & US",
    "sea": "东南亚站 Southeast Asia",
    "dom": "国内站 Domestic",
    "vip": "VIP 升级组 Escalations",
}

SURNAMES = (
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余",
)
GIVEN_NAMES = (
    "雨欣", "子涵", "梓萱", "思彤", "欣怡", "佳琪", "晓燕", "丽娟", "静怡", "婉婷", "嘉怡",
    "梦瑶", "雪莹", "诗琪", "语桐", "可馨", "一诺", "晨曦", "海燕", "秀兰", "慧敏", "春梅",
    "浩然", "宇轩", "子豪", "俊杰", "志强", "文博", "建华", "明轩", "天佑", "博文", "鹏飞",
    "嘉豪", "晓东", "振宇", "家乐", "泽楷", "晓婷", "颖", "琳", "芳", "洁", "倩", "敏",
)

# Agents who live in the market they serve, by time zone.
LOCAL_NAMES = {
    "Europe/Berlin": ("Lena Hoffmann", "Jonas Becker", "Marie Schulz"),
    "America/Los_Angeles": ("Carlos Mendoza", "Ashley Nguyen", "Ryan Cooper"),
    "Asia/Manila": ("Maria Santos", "Joshua Reyes", "Kristine dela Cruz", "Angelica Bautista", "Mark Villanueva",
                    "Jasmine Ramos", "Paolo Garcia"),
    "Asia/Jakarta": ("Putri Wulandari", "Agus Setiawan", "Dewi Lestari", "Rizky Pratama", "Siti Rahmawati", "Budi Santoso"),
    "Asia/Singapore": ("Nur Aisyah", "Tan Wei Ling", "Muhammad Hafiz", "Priya Raj", "Lim Jia Hui", "Nurul Izzah"),
}

# Staff with logins: username → (employee id, name, role, team key or "", ui language, time zone, shift).
STAFF = {
    "agent": ("A1001", "陈思雨", "agent", "eu", "zh-hans", "Asia/Shanghai", "night"),
    "agent.en": ("A1002", "Emily Carter", "agent", "eu", "en", "America/Los_Angeles", "day"),
    "lead": ("S2001", "王磊", "team_lead", "eu", "zh-hans", "Asia/Shanghai", "night"),
    "lead.vip": ("S2002", "赵敏", "team_lead", "vip", "zh-hans", "Asia/Shanghai", "day"),
    "social": ("S2005", "李慧", "social_worker", "", "zh-hans", "Asia/Shanghai", "day"),
    "trainer": ("S2006", "周婷", "trainer", "", "zh-hans", "Asia/Shanghai", "day"),
    "hr": ("S2007", "孙悦", "hr", "", "zh-hans", "Asia/Shanghai", "day"),
    "manager": ("S2008", "刘建国", "manager", "", "zh-hans", "Asia/Shanghai", "day"),
    "admin": ("S2009", "黄海", "admin", "", "zh-hans", "Asia/Shanghai", "day"),
}
# Team leads without a login of their own in the demo.
OTHER_LEADS = {
    "sea": ("S2003", "Tan Mei Hua 陈美华"),
    "dom": ("S2004", "吴建军"),
}

ROLE_LABELS = {
    "agent": "坐席 Agent (夜班 night shift)",
    "agent.en": "坐席 Agent (English)",
    "lead": "组长 Team lead, Europe & US",
    "lead.vip": "组长 Team lead, VIP (<5 answers)",
    "social": "社工 Social worker",
    "trainer": "培训/质检 Trainer / QA",
    "hr": "人事 HR",
    "manager": "中心经理 Centre manager",
    "admin": "管理员 Administrator",
}

LEAVE_REASONS = {
    "burnout": "burnout/exhaustion 身心耗竭",
    "pay": "better pay elsewhere 另有高薪",
    "study": "returned to study 回校读书",
}

# What an agent might write when asking for a conversation (drawn from what such agents report:
# nights against the clock of overseas buyers, hostile customers, no way up).
SUPPORT_MESSAGES = (
    "连续上了好几个月夜班，白天怎么都睡不着，上班前就觉得累。想找人聊聊。",
    "最近差评和投诉特别多，感觉自己对客户越来越冷漠了，有点担心。",
    "做了两年多还是普通客服，看不到晋升的路，在考虑要不要换工作。",
)
