// Words for money typed and shown, and the punctuation that differs between Chinese and English text.
export const formats = {
  zh: {
    "money.hint": "可填元，也可带万、亿，如 12,345.67、1234.56万、1.2亿",
    "money.hintShort": "如 50万、1.2亿、30000",
    "money.hintRange": "{minFen} 至 {maxFen}；可填元，也可带万、亿，如 12,345.67、1234.56万、1.2亿",
    "money.preview": "= {amount}",
    "money.previewExact": "= {amount}（{exact}）",
    "money.errors.invalid": "无法识别的金额。可以这样填：12000、12,345.67、¥1,234、1234.56万、100万元、1.2亿",
    "money.errors.precision": "金额最多精确到分（0.01 元）",
    "money.errors.range": "金额须在 {minFen} 至 {maxFen} 之间",
    "format.colon": "：",
    "format.labelValue": "{label}：{value}",
    "format.parenthetical": "（{text}）",
  },
  en: {
    "money.hint": "In yuan, or with 万, 亿, million or billion: 12,345.67, 1234.56万, 1.2亿, 3.5 million",
    "money.hintShort": "e.g. 500,000, 1.2 million, 50万",
    "money.hintRange": "{minFen} to {maxFen}. In yuan, or with 万, 亿, million or billion: 12,345.67, 1234.56万, 1.2亿",
    "money.preview": "= {amount}",
    "money.previewExact": "= {amount} ({exact})",
    "money.errors.invalid": "Not an amount. Accepted forms: 12000, 12,345.67, ¥1,234, 1234.56万, 1.2亿, 3.5 million",
    "money.errors.precision": "At most two decimals of a yuan (whole fen)",
    "money.errors.range": "The amount must be between {minFen} and {maxFen}",
    "format.colon": ": ",
    "format.labelValue": "{label}: {value}",
    "format.parenthetical": " ({text})",
  },
} as const
