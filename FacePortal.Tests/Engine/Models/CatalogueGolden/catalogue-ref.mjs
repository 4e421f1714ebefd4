// Reference embeddings of the catalogue's TF.js graph models, by TF.js itself (pure-JS cpu backend), for the
// importer's parity test: each input is a centre crop of an LFW image (no resampling), saved as PNG so that
// both sides read exactly the same pixels.
// usage: node catalogue-ref.mjs <human-models/models dir> <lfw images dir> <out dir>
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
await tf.setBackend('cpu');

const [modelsDir, lfw, out] = process.argv.slice(2);
const images = ['Abdullah_Gul/Abdullah_Gul_0001.jpg', 'Abdullah_Gul/Abdullah_Gul_0002.jpg'];
const models = [
  { name: 'mobilefacenet', output: 'embeddings', size: 112, mean: 127.5, std: 128 },
  { name: 'mobileface', output: 'batchnorm0/add_1', size: 112, mean: 0, std: 1 },
  { name: 'faceres', output: 'global_pooling/Mean', size: 224, mean: 0, std: 1 },
  { name: 'faceres-deep', output: 'global_pooling/Mean', size: 224, mean: 0, std: 1 },
];

function crop(file, size) {
  const img = jpeg.decode(fs.readFileSync(path.join(lfw, file)), { useTArray: true, formatAsRGBA: true });
  const x0 = Math.floor((img.width - size) / 2), y0 = Math.floor((img.height - size) / 2);
  const png = new PNG({ width: size, height: size });
  const rgb = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const s = ((y + y0) * img.width + (x + x0)) * 4, d = (y * size + x) * 4;
    for (let c = 0; c < 4; c++) png.data[d + c] = img.data[s + c];
    for (let c = 0; c < 3; c++) rgb[(y * size + x) * 3 + c] = img.data[s + c];
  }
  return { png, rgb };
}

async function load(name) {
  const json = JSON.parse(fs.readFileSync(path.join(modelsDir, name + '.json')));
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const bins = json.weightsManifest.flatMap((g) => g.paths).map((p) => fs.readFileSync(path.join(modelsDir, p)));
  const buf = Buffer.concat(bins);
  const weightData = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  return tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData, format: json.format }));
}

const golden = { generatedBy: 'catalogue-ref.mjs, @tensorflow/tfjs ' + tf.version.tfjs + ' cpu backend', models: [] };
for (const m of models) {
  const model = await load(m.name);
  const entry = { name: m.name, output: m.output, size: m.size, mean: m.mean, std: m.std, inputs: [] };
  for (const file of images) {
    const { png, rgb } = crop(file, m.size);
    const pngName = `${m.size}-${path.basename(file, '.jpg')}.png`;
    fs.writeFileSync(path.join(out, pngName), PNG.sync.write(png));
    const input = tf.tensor4d(rgb.map((v) => (v - m.mean) / m.std), [1, m.size, m.size, 3]);
    const result = model.execute(input, m.output);
    entry.inputs.push({ png: pngName, embedding: Array.from(await result.data()).map((v) => Number(v.toPrecision(7))) });
    tf.dispose([input, result]);
  }
  golden.models.push(entry);
}
fs.writeFileSync(path.join(out, 'catalogue-golden.json'), JSON.stringify(golden));
