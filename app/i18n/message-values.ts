// A schema message is an i18n key; one that needs figures carries them after "?" as URL parameters
// ("money.errors.range?minFen=100&maxFen=1000000000000"), so the reader's locale formats them when it is shown.

export function messageWithValues(key: string, values: Record<string, string>) {
  return `${key}?${new URLSearchParams(values)}`
}

export function readMessage(message: string): { key: string; values: Record<string, string> } {
  const mark = message.indexOf("?")
  if (mark < 0) return { key: message, values: {} }
  return { key: message.slice(0, mark), values: Object.fromEntries(new URLSearchParams(message.slice(mark + 1))) }
}
