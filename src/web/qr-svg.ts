// A QR code as an SVG document, rendered on this server (no third-party QR service sees the
// login code). The SVG carries only the modules, never the payload as text.
import QRCode from 'qrcode';

export function qrSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 280 });
}
