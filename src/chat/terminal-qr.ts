// Draws a login QR code for an operator watching the process in a terminal (npm run start:prod in
// a shell, docker run -it). Only on a TTY: under systemd or Docker without a terminal, stderr goes
// to the journal or the container log, and the QR code must not land in logs — the console's
// 微信登录 page shows it there. Rendered here (qrcode), never through a third-party website.
import QRCode from 'qrcode';

export interface QrTerminal {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** A function that draws on `stream`, or null when `stream` is not a terminal. */
export function terminalQrDrawer(stream: QrTerminal = process.stderr): ((payload: string) => void) | null {
  if (!stream.isTTY) return null;
  return (payload) => {
    QRCode.toString(payload, { type: 'terminal', small: true, errorCorrectionLevel: 'L' })
      .then((art) => stream.write(`\n请用机器人微信号扫描下面的二维码登录（手机微信 → 扫一扫），并在手机上确认：\n${art}\n`))
      .catch(() => stream.write('\n二维码无法在终端显示：请在控制台「微信登录」页扫码。\n'));
  };
}
