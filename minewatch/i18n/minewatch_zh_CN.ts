<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>MineWatch</name>
    <message>
      <location filename="../core/buildings/dense_crf.py" line="86" />
      <source>The CRF iteration count must be a whole number from 0 to {maximum}, not {value}; 5 is usual.</source>
      <translation>CRF 迭代次数必须是 0 到 {maximum} 之间的整数，而不是 {value}；通常取 5。</translation>
    </message>
    <message>
      <location filename="../core/buildings/dense_crf.py" line="92" />
      <source>The CRF bandwidth {name} must be a positive number, not {value} (usual: θα = 80 px, θβ = 13, θγ = 3 px).</source>
      <translation>CRF 带宽 {name} 必须为正数，而不是 {value}（常用值：θα = 80 像素，θβ = 13，θγ = 3 像素）。</translation>
    </message>
    <message>
      <location filename="../core/buildings/dense_crf.py" line="98" />
      <source>The CRF kernel weight {name} must be zero or positive, not {value} (usual: 10 bilateral, 3 Gaussian).</source>
      <translation>CRF 核权重 {name} 必须为零或正数，而不是 {value}（常用值：双边核 10，高斯核 3）。</translation>
    </message>
    <message>
      <location filename="../core/buildings/dense_crf.py" line="102" />
      <source>The CRF unary weight must be a positive number, not {value} (1 = the exact dense CRF).</source>
      <translation>CRF 一元项权重必须为正数，而不是 {value}（1 = 精确的全连接 CRF）。</translation>
    </message>
    <message>
      <location filename="../core/buildings/dense_crf.py" line="106" />
      <source>Unknown CRF kernel normalisation '{value}'; use {choices}.</source>
      <translation>未知的 CRF 核归一化方式“{value}”；请使用 {choices}。</translation>
    </message>
    <message>
      <location filename="../core/buildings/dense_crf.py" line="117" />
      <source>The CRF needs class probabilities as K × H × W, got shape {shape}.</source>
      <translation>CRF 需要形状为 K × H × W 的类别概率，实际形状为 {shape}。</translation>
    </message>
    <message>
      <location filename="../core/buildings/dense_crf.py" line="122" />
      <source>The CRF needs an image of 1 to 3 bands with the same height and width as the probabilities {prob_shape}, got shape {shape}; select at most 3 bands.</source>
      <translation>CRF 需要 1 至 3 个波段的影像，且其高度和宽度须与概率数组 {prob_shape} 相同，实际形状为 {shape}；请最多选择 3 个波段。</translation>
    </message>
    <message>
      <location filename="../core/buildings/dense_crf.py" line="132" />
      <source>The CRF valid mask has shape {shape}, expected {expected}.</source>
      <translation>CRF 有效掩膜的形状为 {shape}，应为 {expected}。</translation>
    </message>
    <message>
      <location filename="../core/buildings/dense_crf.py" line="296" />
      <source>The CRF colour/position range is too wide for its grid ({cells} cells); stretch the image to 0–255 or raise the bandwidths θα and θβ.</source>
      <translation>CRF 颜色/位置范围相对其网格（{cells} 个单元）过大；请将影像拉伸至 0–255，或增大带宽 θα 和 θβ。</translation>
    </message>
    <message>
      <location filename="../core/buildings/extraction.py" line="48" />
      <source>The model has {k} classes ({names}); Extract Buildings needs a building model with 2 classes, 0 other and 1 building (e.g. SegNet trained on building labels). Give such a model file.</source>
      <translation>该模型有 {k} 个类别（{names}）；“建筑物提取”需要包含 2 个类别的建筑物模型：0 为其他，1 为建筑物（例如在建筑物标注上训练的 SegNet）。请提供此类模型文件。</translation>
    </message>
    <message>
      <location filename="../core/buildings/outlines.py" line="110" />
      <source>The minimum building area must be zero or more square metres (got {value}).</source>
      <translation>最小建筑物面积必须为零或更大的平方米数（当前为 {value}）。</translation>
    </message>
    <message>
      <location filename="../core/buildings/outlines.py" line="230" />
      <source>The probability raster '{path}' ({width}×{height} px) is not on the building mask's grid ({mask_width}×{mask_height} px, same origin and pixel size). Use the probability raster written with the mask, or warp it onto the mask's grid.</source>
      <translation>概率栅格“{path}”（{width}×{height} 像素）与建筑物掩膜的网格（{mask_width}×{mask_height} 像素，原点和像元大小相同）不一致。请使用与掩膜一同输出的概率栅格，或将其重投影到掩膜的网格上。</translation>
    </message>
    <message>
      <location filename="../core/buildings/outlines.py" line="254" />
      <source>The building mask '{path}' has no coordinate reference system, so building areas are unknown. Assign the CRS of the source image to the mask first.</source>
      <translation>建筑物掩膜“{path}”没有坐标参考系，因此无法确定建筑物面积。请先为掩膜指定源影像的坐标参考系。</translation>
    </message>
    <message>
      <location filename="../core/classmap/areas.py" line="37" />
      <source>Areas on a rotated geographic grid are not supported. Warp the raster to a north-up grid (Raster &gt; Projections &gt; Warp) first.</source>
      <translation>不支持在旋转的地理坐标网格上计算面积。请先将栅格重投影为正北朝上的网格（栅格 &gt; 投影 &gt; 变形（重投影））。</translation>
    </message>
    <message>
      <location filename="../core/classmap/areas.py" line="63" />
      <source>The class raster '{path}' has no coordinate reference system, so its areas are unknown. Assign the CRS of the source image first.</source>
      <translation>类别栅格“{path}”没有坐标参考系，因此无法确定其面积。请先指定源影像的坐标参考系。</translation>
    </message>
    <message>
      <location filename="../core/classmap/class_tables.py" line="58" />
      <source>The class list '{text}' mixes names with and without label values. Give either names in index order (background,open pit,water) or a value for every class (1=background,2=open pit,3=water).</source>
      <translation>类别列表“{text}”中既有带标注值的名称，也有不带标注值的名称。请按索引顺序只填写名称（background,open pit,water），或为每个类别都给出取值（1=background,2=open pit,3=water）。</translation>
    </message>
    <message>
      <location filename="../core/classmap/class_tables.py" line="64" />
      <source>The class value table '{text}' gives one label value to two classes. Give each class its own value, e.g. 1=water,2=quarry.</source>
      <translation>类别取值表“{text}”把同一个标注值给了两个类别。请为每个类别给出各自的取值，例如 1=water,2=quarry。</translation>
    </message>
    <message>
      <location filename="../core/classmap/class_tables.py" line="99" />
      <source>The class list '{text}' names a class twice. Give each class once, in index order, separated by commas (e.g. background,open pit,water).</source>
      <translation>类别列表“{text}”中有重复的类别。每个类别只列一次，按索引顺序以逗号分隔（例如 background,open pit,water）。</translation>
    </message>
    <message>
      <location filename="../core/classmap/class_tables.py" line="103" />
      <source>The class list must have 2 to {most} names (got {n}), in index order and separated by commas, e.g. background,open pit,water.</source>
      <translation>类别列表必须包含 2 至 {most} 个名称（当前为 {n} 个），按索引顺序以逗号分隔，例如 background,open pit,water。</translation>
    </message>
    <message>
      <location filename="../core/classmap/class_tables.py" line="135" />
      <source>The labels store other class names for their values than the classes given ({clashes}). Leave 'Classes' empty to use the labels' own classes ({stored}), or give the names in the labels' order.</source>
      <translation>标注中为各取值存储的类别名称与所给类别不同（{clashes}）。请将“类别”留空以使用标注自身的类别（{stored}），或按标注中的顺序给出类别名称。</translation>
    </message>
    <message>
      <location filename="../core/classmap/class_tables.py" line="183" />
      <source>The value '{value}' of field '{field}' is not one of the classes. Use a class index or name: {classes}. Or give the class list that matches your labels in 'Classes'.</source>
      <translation>字段“{field}”的值“{value}”不属于任何类别。请使用类别索引或名称：{classes}。或者在“类别”中给出与标注相符的类别列表。</translation>
    </message>
    <message>
      <location filename="../core/classmap/polygons.py" line="116" />
      <source>Cannot read the class raster '{path}' to make polygons ({reason}).</source>
      <translation>无法读取类别栅格“{path}”以生成图斑（{reason}）。</translation>
    </message>
    <message>
      <location filename="../core/common/device.py" line="25" />
      <source>Unknown device '{device}'; use auto, cpu or cuda.</source>
      <translation>未知的计算设备“{device}”；请使用 auto、cpu 或 cuda。</translation>
    </message>
    <message>
      <location filename="../core/common/device.py" line="29" />
      <source>The device 'cuda' was asked for, but torch {version} sees no CUDA GPU (a CPU-only torch build, or no usable NVIDIA driver). Choose 'auto' or 'cpu', or install a CUDA build of torch.</source>
      <translation>请求使用计算设备“cuda”，但 torch {version} 未检测到 CUDA GPU（torch 为仅 CPU 版本，或没有可用的 NVIDIA 驱动）。请选择“auto”或“cpu”，或安装 CUDA 版本的 torch。</translation>
    </message>
    <message>
      <location filename="../core/common/device.py" line="66" />
      <source>Unknown arithmetic '{precision}'; use auto, fp32 or bf16.</source>
      <translation>未知的运算精度“{precision}”；请使用 auto、fp32 或 bf16。</translation>
    </message>
    <message>
      <location filename="../core/common/installer.py" line="81" />
      <source>The folder of wheels '{location}' does not exist. Choose the folder that `make wheelhouse` made (or any folder of .whl files).</source>
      <translation>wheel 文件夹“{location}”不存在。请选择 `make wheelhouse` 生成的文件夹（或任何存放 .whl 文件的文件夹）。</translation>
    </message>
    <message>
      <location filename="../core/common/installer.py" line="87" />
      <source>The package index '{location}' is not an http(s) address. Give your department's index as https://host/simple (or http://…).</source>
      <translation>软件包索引“{location}”不是 http(s) 地址。请以 https://主机/simple（或 http://…）的形式填写本单位的索引地址。</translation>
    </message>
    <message>
      <location filename="../core/common/progress.py" line="81" />
      <source>Tile {done} / {total}, about {seconds:.0f} s left.</source>
      <translation>分块 {done} / {total}，约剩 {seconds:.0f} 秒。</translation>
    </message>
    <message>
      <location filename="../core/common/progress.py" line="84" />
      <source>Tile {done} / {total}, about {minutes:.0f} min left.</source>
      <translation>分块 {done} / {total}，约剩 {minutes:.0f} 分钟。</translation>
    </message>
    <message>
      <location filename="../core/evaluation/evaluate.py" line="87" />
      <source>No reference pixel could be compared: of {total} reference pixels {ignored} are nodata or the ignore value {ignore}, {missing} have no prediction (outside the prediction or prediction nodata) and {outside} have a value outside the classes 0…{last}. Check that the two rasters cover the same area, that the reference holds class indices and that the ignore value is right.</source>
      <translation>没有可比较的参考像元：在 {total} 个参考像元中，{ignored} 个为无数据或忽略值 {ignore}，{missing} 个没有预测值（位于预测范围之外或为预测无数据），{outside} 个的值超出类别 0…{last}。请检查两个栅格是否覆盖同一区域、参考栅格是否存储类别索引，以及忽略值是否正确。</translation>
    </message>
    <message>
      <location filename="../core/evaluation/evaluate.py" line="98" />
      <source>{outside} of the compared pixels hold values outside the classes 0…{last}, over 9 times the {counted} that hold a class: '{path}' (band {band}) does not look like a class map of these classes. Give the class map (one band of class indices, e.g. the output of Classify Land Damage) and the matching reference.</source>
      <translation>参与比较的像元中有 {outside} 个的值超出类别 0…{last}，是属于某一类别的像元数（{counted}）的 9 倍以上：“{path}”（波段 {band}）看起来不是这些类别的分类图。请提供分类图（由类别索引构成的单波段栅格，例如“土地损毁分类”的输出）及相应的参考数据。</translation>
    </message>
    <message>
      <location filename="../core/evaluation/evaluate.py" line="166" />
      <source>A class value of {value} was found; class rasters hold class indices 0…{limit}. Check that the rasters are class maps (not images), or give the number of classes / their names so larger values are left out.</source>
      <translation>发现类别值 {value}；类别栅格存储的是类别索引 0…{limit}。请检查栅格是否为分类图（而非影像），或给出类别数/类别名称，以便排除更大的值。</translation>
    </message>
    <message>
      <location filename="../core/evaluation/evaluate.py" line="184" />
      <source>{count} reference pixels have no prediction (outside the prediction's extent or prediction nodata); they are not counted.</source>
      <translation>{count} 个参考像元没有预测值（位于预测范围之外或为预测无数据），不予统计。</translation>
    </message>
    <message>
      <location filename="../core/evaluation/evaluate.py" line="188" />
      <source>{count} pixels have a class value outside 0…{last} in the reference or the prediction; they are not counted.</source>
      <translation>{count} 个像元在参考或预测中的类别值超出 0…{last}，不予统计。</translation>
    </message>
    <message>
      <location filename="../core/evaluation/evaluate.py" line="206" />
      <source>'{path}' has {count} bands; choose the band that holds the classes.</source>
      <translation>“{path}”有 {count} 个波段；请选择存储类别的波段。</translation>
    </message>
    <message>
      <location filename="../core/evaluation/evaluate.py" line="211" />
      <source>Band {band} does not exist in '{path}', which has {count} band(s).</source>
      <translation>“{path}”中不存在波段 {band}，该栅格共有 {count} 个波段。</translation>
    </message>
    <message>
      <location filename="../core/evaluation/evaluate.py" line="216" />
      <source>Band {band} of '{path}' is of type {dtype} with values that are not whole numbers; a class raster holds class indices. Give a class map (e.g. uint8), or convert it with Raster &gt; Conversion &gt; Translate choosing an integer type.</source>
      <translation>“{path}”的第 {band} 波段为 {dtype} 类型，且其值不是整数；类别栅格应存放类别编号。请提供类别图（如 uint8），或通过 栅格 &gt; 转换 &gt; 转换（Translate）将其转为整数类型。</translation>
    </message>
    <message>
      <location filename="../core/evaluation/evaluate.py" line="235" />
      <source>The prediction and the reference are on different grids and {which} has no coordinate reference system, so they cannot be aligned. Assign the CRS (Raster &gt; Projections &gt; Assign Projection) or give rasters on the same grid.</source>
      <translation>预测栅格与参考栅格位于不同网格上，且 {which} 没有坐标参考系，因此无法对齐。请指定坐标参考系（栅格 &gt; 投影 &gt; 指定投影），或提供位于同一网格上的栅格。</translation>
    </message>
    <message>
      <location filename="../core/evaluation/evaluate.py" line="243" />
      <source>The prediction '{prediction}' and the reference '{reference}' do not overlap. Give a reference that covers the predicted area (check their CRS).</source>
      <translation>预测栅格“{prediction}”与参考栅格“{reference}”不重叠。请提供覆盖预测区域的参考数据（检查二者的坐标参考系）。</translation>
    </message>
    <message>
      <location filename="../core/evaluation/evaluate.py" line="287" />
      <source>The prediction's classes ({prediction}) are not the reference's ({reference}): they cannot be scored against each other. Give a reference labelled with the prediction's classes, or a prediction made for the reference's classes.</source>
      <translation>预测图的类别（{prediction}）与参考图的类别（{reference}）不同：二者无法相互评价。请提供按预测图类别标注的参考图，或按参考图类别生成的预测图。</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="23" />
      <source>Segmentation accuracy</source>
      <translation>分割精度</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="24" />
      <source>Summary</source>
      <translation>汇总</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="25" />
      <source>Confusion matrix (rows: reference, columns: prediction; colour: share of the row)</source>
      <translation>混淆矩阵（行：参考，列：预测；颜色：占该行的比例）</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="26" />
      <location filename="../core/landdamage/area_report.py" line="35" />
      <source>Per class</source>
      <translation>各类别</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="27" />
      <source>Measure</source>
      <translation>指标</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="28" />
      <location filename="../core/insar/site_report.py" line="194" />
      <source>Value</source>
      <translation>值</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="29" />
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="139" />
      <source>Mean IoU</source>
      <translation>平均交并比（MIoU）</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="30" />
      <location filename="../core/training/comparison.py" line="41" />
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="139" />
      <source>Mean recall</source>
      <translation>平均召回率</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="31" />
      <location filename="../core/training/comparison.py" line="42" />
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="140" />
      <source>Mean precision</source>
      <translation>平均精确率</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="32" />
      <location filename="../core/training/comparison.py" line="43" />
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="140" />
      <source>Mean Dice (F1)</source>
      <translation>平均 Dice 系数（F1）</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="33" />
      <location filename="../core/training/comparison.py" line="44" />
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="141" />
      <source>Overall accuracy</source>
      <translation>总体精度</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="34" />
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="141" />
      <source>Cohen's kappa</source>
      <translation>Cohen Kappa 系数</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="35" />
      <source>Pixels counted</source>
      <translation>参与统计的像元数</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="36" />
      <source>Reference pixels ignored (nodata or ignore value)</source>
      <translation>被忽略的参考像元（无数据或忽略值）</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="37" />
      <source>Reference pixels without prediction</source>
      <translation>无预测值的参考像元</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="38" />
      <source>Pixels with a value outside the classes</source>
      <translation>值超出类别范围的像元</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="39" />
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="179" />
      <source>Reference</source>
      <translation>参考</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="40" />
      <source>Prediction</source>
      <translation>预测</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="41" />
      <location filename="../core/landdamage/change_report.py" line="33" />
      <source>Total</source>
      <translation>合计</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="42" />
      <location filename="../core/landdamage/area_report.py" line="37" />
      <source>Class</source>
      <translation>类别</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="43" />
      <location filename="../core/landdamage/area_report.py" line="38" />
      <location filename="../processing_provider/help_pages.py" line="109" />
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="44" />
      <source>IoU</source>
      <translation>交并比（IoU）</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="45" />
      <source>Recall</source>
      <translation>召回率</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="46" />
      <source>Precision</source>
      <translation>精确率</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="47" />
      <source>Dice (F1)</source>
      <translation>Dice 系数（F1）</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="48" />
      <source>Reference pixels</source>
      <translation>参考像元数</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="49" />
      <source>Predicted pixels</source>
      <translation>预测像元数</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="50" />
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="258" />
      <source>undefined</source>
      <translation>未定义</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="51" />
      <source>Left out of the means (score undefined: its denominator is zero):</source>
      <translation>未计入平均值（评分未定义：分母为零）：</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="52" />
      <source>IoU and Dice (class in neither raster): {names}</source>
      <translation>IoU 和 Dice（两个栅格中均无该类别）：{names}</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="53" />
      <source>recall (class absent from the reference): {names}</source>
      <translation>召回率（参考中无该类别）：{names}</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="54" />
      <source>precision (class never predicted): {names}</source>
      <translation>精确率（该类别从未被预测）：{names}</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="55" />
      <source>Every score is defined for every class.</source>
      <translation>所有类别的各项评分均有定义。</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="56" />
      <source>Prediction: {path} (band {band})</source>
      <translation>预测：{path}（波段 {band}）</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="57" />
      <source>Reference: {path} (band {band})</source>
      <translation>参考：{path}（波段 {band}）</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="58" />
      <source>Reference polygons: {path}</source>
      <translation>参考多边形：{path}</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="59" />
      <source>The prediction was resampled (nearest neighbour) onto the reference's grid.</source>
      <translation>已将预测栅格重采样（最近邻）到参考栅格的网格上。</translation>
    </message>
    <message>
      <location filename="../core/evaluation/report.py" line="60" />
      <source>The reference polygons were burnt onto the prediction's grid (pixel centre inside); pixels outside every polygon are counted as ignored.</source>
      <translation>已将参考多边形栅格化到预测栅格的网格上（按像元中心是否位于多边形内判断）；位于所有多边形之外的像元计为忽略。</translation>
    </message>
    <message>
      <location filename="../core/imagery/clouds.py" line="228" />
      <source>The reference image has {n} bands; give one with the image's bands.</source>
      <translation>参考影像有 {n} 个波段；请提供与该影像波段相同的参考影像。</translation>
    </message>
    <message>
      <location filename="../core/imagery/clouds.py" line="281" />
      <source>Give the band of at least blue, green and red, or a panchromatic band, so clouds can be told from the ground.</source>
      <translation>请至少指定蓝、绿、红波段，或一个全色波段，以便区分云与地面。</translation>
    </message>
    <message>
      <location filename="../core/imagery/clouds.py" line="291" />
      <source>Band {band} does not exist: the image has {count} bands.</source>
      <translation>波段 {band} 不存在：该影像共有 {count} 个波段。</translation>
    </message>
    <message>
      <location filename="../core/imagery/clouds.py" line="328" />
      <source>The image {path} has no valid pixel in the bands used (every pixel is nodata), so there is nothing to mask. Check its nodata value and bands.</source>
      <translation>影像 {path} 在所用波段中没有有效像元（所有像元均为无数据），因此没有可掩膜的内容。请检查其无数据值和波段。</translation>
    </message>
    <message>
      <location filename="../core/imagery/harmonise.py" line="149" />
      <source>The mask {path} has {count} band(s) of {dtype}: a cloud mask is the one-band class raster of Mask Clouds (0 clear, 1 cloud, 2 shadow). Give that output, not an image.</source>
      <translation>掩膜 {path} 有 {count} 个 {dtype} 波段：云掩膜应为“云与云阴影掩膜”输出的单波段类别栅格（0 晴空，1 云，2 阴影）。请提供该输出，而不是影像。</translation>
    </message>
    <message>
      <location filename="../core/imagery/harmonise.py" line="163" />
      <source>Unknown method {method}; use {methods}.</source>
      <translation>未知方法 {method}；请使用 {methods}。</translation>
    </message>
    <message>
      <location filename="../core/imagery/harmonise.py" line="168" />
      <source>Both images need a coordinate reference system to be compared; assign the CRS of each first.</source>
      <translation>两幅影像都需要坐标参考系才能进行比较；请先分别为其指定坐标参考系。</translation>
    </message>
    <message>
      <location filename="../core/imagery/harmonise.py" line="172" />
      <source>The image has {n} bands and the reference {m}: band k is matched to band k, so give images with the same bands in the same order.</source>
      <translation>影像有 {n} 个波段，参考影像有 {m} 个：第 k 波段与第 k 波段一一匹配，因此请提供波段相同且顺序一致的影像。</translation>
    </message>
    <message>
      <location filename="../core/imagery/harmonise.py" line="181" />
      <source>The image and the reference have no valid pixel in common (no overlap, or all of it no data or cloud). Give a reference of the same area.</source>
      <translation>影像与参考影像没有共同的有效像元（不重叠，或重叠部分全为无数据或云）。请提供同一区域的参考影像。</translation>
    </message>
    <message>
      <location filename="../core/inference/engine.py" line="78" />
      <source>Band number(s) {bad} do not exist: the image has {count} band(s), numbered 1 to {count}. Fix the BANDS parameter.</source>
      <translation>波段号 {bad} 不存在：该影像共有 {count} 个波段，编号为 1 至 {count}。请修改 BANDS 参数。</translation>
    </message>
    <message>
      <location filename="../core/inference/engine.py" line="83" />
      <source>The model expects {expected} bands; band {band} is repeated {expected} times. Results on a single-band image are less reliable.</source>
      <translation>模型需要 {expected} 个波段；已将波段 {band} 重复 {expected} 次。单波段影像的结果可靠性较低。</translation>
    </message>
    <message>
      <location filename="../core/inference/engine.py" line="89" />
      <source>The model expects {expected} input bands but {got} band(s) of the image are selected ({selected}; the image has {count}). Set the BANDS parameter to {expected} band numbers of the image, in the order the model was trained on (e.g. 3,2,1,4 for a blue, green, red, NIR model on a red, green, blue, NIR image).</source>
      <translation>模型需要 {expected} 个输入波段，但选择了影像的 {got} 个波段（{selected}；影像共有 {count} 个）。请将 BANDS 参数设为影像的 {expected} 个波段号，顺序与模型训练时一致（例如，模型按蓝、绿、红、近红外训练，而影像波段为红、绿、蓝、近红外时，设为 3,2,1,4）。</translation>
    </message>
    <message>
      <location filename="../core/inference/engine.py" line="103" />
      <source>The tile size must be a whole number of at least 8 px; got {value}.</source>
      <translation>分块大小必须为不小于 8 像素的整数；当前为 {value}。</translation>
    </message>
    <message>
      <location filename="../core/inference/engine.py" line="107" />
      <source>The tile overlap must be between 0 and half the tile size ({limit} px); got {value}.</source>
      <translation>分块重叠必须介于 0 与分块大小的一半（{limit} 像素）之间；当前为 {value}。</translation>
    </message>
    <message>
      <location filename="../core/inference/engine.py" line="111" />
      <source>The batch size must be at least 1; got {value}.</source>
      <translation>批次大小必须至少为 1；当前为 {value}。</translation>
    </message>
    <message>
      <location filename="../core/inference/engine.py" line="220" />
      <source>The model returned an array of shape {got} for a batch of shape {given}; it must return class probabilities of shape (tiles, classes, {t}, {t}) with 2 to 255 classes{expected}. Check that the model matches the algorithm.</source>
      <translation>对于形状为 {given} 的批次，模型返回了形状为 {got} 的数组；模型必须返回形状为 (tiles, classes, {t}, {t}) 的类别概率，类别数为 2 至 255{expected}。请检查模型是否与该算法匹配。</translation>
    </message>
    <message>
      <location filename="../core/inference/engine.py" line="279" />
      <source>The image has no valid pixel: every pixel is nodata, masked or not a finite number in at least one of the bands used ({bands}). Check the image's nodata value and the BANDS parameter.</source>
      <translation>影像没有有效像元：每个像元在所用波段（{bands}）中至少有一个波段为无数据、被掩膜或非有限数值。请检查影像的无数据值和 BANDS 参数。</translation>
    </message>
    <message>
      <location filename="../core/inference/network_run.py" line="163" />
      <source>The image's bands are described by name, so they are fed to the model by name: {mapping}. Give BANDS to choose them yourself.</source>
      <translation>影像的波段带有名称描述，因此按名称输入模型：{mapping}。如需自行选择，请设置 BANDS。</translation>
    </message>
    <message>
      <location filename="../core/inference/normalisation.py" line="20" />
      <source>The model's normalisation is inconsistent: {n_mean} band mean(s) but {n_std} standard deviation(s); it needs one of each per model input band. Check the model's metadata.</source>
      <translation>模型的归一化参数不一致：有 {n_mean} 个波段均值，但有 {n_std} 个标准差；每个模型输入波段各需要一个。请检查模型的元数据。</translation>
    </message>
    <message>
      <location filename="../core/inference/normalisation.py" line="26" />
      <source>The model's normalisation needs finite band means and positive standard deviations; got mean {mean} and std {std}. Check the model's metadata.</source>
      <translation>模型的归一化需要有限的波段均值和正的标准差；实际为均值 {mean}、标准差 {std}。请检查模型的元数据。</translation>
    </message>
    <message>
      <location filename="../core/inference/scene_scaling.py" line="99" />
      <source>The image's band means ({scene}) are far from those the model was trained on ({model}); results may be poor. Give an image of the same kind and scale (e.g. 8-bit RGB for an 8-bit model), or a model that normalises each scene by its own statistics.</source>
      <translation>影像的波段均值（{scene}）与模型训练时的均值（{model}）相差很大，结果可能较差。请提供类型和量级相同的影像（例如 8 位模型使用 8 位 RGB 影像），或使用按每景影像自身统计量进行归一化的模型。</translation>
    </message>
    <message>
      <location filename="../core/insar/candidates.py" line="89" />
      <source>The raster has {bands} band(s); PS selection needs a stack of at least {needed} co-registered SAR amplitude images, one per band. Stack the dates into one raster first (e.g. GDAL 'Build virtual raster' with 'Place each input file into a separate band').</source>
      <translation>该栅格有 {bands} 个波段；PS 点选取需要由至少 {needed} 景已配准的 SAR 振幅影像组成的影像栈，每个波段一景。请先将各期影像合成为一个栅格（例如使用 GDAL“构建虚拟栅格”并勾选“将每个输入文件放入单独的波段”）。</translation>
    </message>
    <message>
      <location filename="../core/insar/candidates.py" line="113" />
      <source>The dispersion threshold must be positive (typical 0.25, 0.4 for a looser set); got {value}.</source>
      <translation>离差阈值必须为正数（通常为 0.25，较宽松时取 0.4）；当前为 {value}。</translation>
    </message>
    <message>
      <location filename="../core/insar/candidates.py" line="197" />
      <source>The amplitude of {share:.0f} % of the pixels never changes over the {bands} dates: the stack holds one image repeated (or copied dates), not a time series, and every such pixel would pass as a PS. Build the stack from the coregistered amplitude images of different dates.</source>
      <translation>{share:.0f} % 像元的振幅在 {bands} 期中从未变化：该影像栈是同一幅影像的重复（或复制的日期），而不是时间序列，每个这样的像元都会被当作 PS。请用不同日期的已配准振幅影像构建影像栈。</translation>
    </message>
    <message>
      <location filename="../core/insar/candidates.py" line="203" />
      <source>The raster has no valid pixel: every pixel is nodata (or not a finite number) in at least one band. Check the nodata value of the stack and that all dates overlap.</source>
      <translation>该栅格没有有效像元：每个像元至少在一个波段中为无数据（或非有限数值）。请检查影像栈的无数据值，并确认所有日期的影像相互重叠。</translation>
    </message>
    <message>
      <location filename="../core/insar/candidates.py" line="233" />
      <source>{share:.1f} % of the stack's values are negative: it looks like amplitudes in decibels (or another quantity), but the dispersion index D_A = σ/m needs linear amplitude (≥ 0). Convert it first, amplitude = 10^(dB/20) (Raster Calculator), and run again.</source>
      <translation>影像栈中 {share:.1f} % 的值为负：看起来是以分贝表示的振幅（或其他量），而离差指数 D_A = σ/m 需要线性振幅（≥ 0）。请先进行转换，振幅 = 10^(dB/20)（栅格计算器），然后重新运行。</translation>
    </message>
    <message>
      <location filename="../core/insar/candidates.py" line="240" />
      <source>{count} values of the stack are exactly 0 but not marked as nodata; they count as valid amplitudes (and make D_A large there). If 0 means 'no data', set the raster's nodata value to 0.</source>
      <translation>影像栈中有 {count} 个值恰好为 0，但未标记为无数据；它们被视为有效振幅（并使该处 D_A 偏大）。如果 0 表示“无数据”，请将栅格的无数据值设为 0。</translation>
    </message>
    <message>
      <location filename="../core/insar/candidates.py" line="245" />
      <source>{count} values of the stack are negative; amplitudes cannot be. They are used as they are: check the stack.</source>
      <translation>影像栈中有 {count} 个值为负，而振幅不可能为负。这些值将按原样使用：请检查影像栈。</translation>
    </message>
    <message>
      <location filename="../core/insar/cascade.py" line="74" />
      <source>The parameter {name} is {value}; it must be a positive number.</source>
      <translation>参数 {name} 的值为 {value}；它必须为正数。</translation>
    </message>
    <message>
      <location filename="../core/insar/cascade.py" line="170" />
      <source>Positions ({xy}) and settlement ({values}) do not match: expected (N, 2) and (N, T).</source>
      <translation>位置（{xy}）与沉降量（{values}）不匹配：应为 (N, 2) 和 (N, T)。</translation>
    </message>
    <message>
      <location filename="../core/insar/cascade.py" line="174" />
      <source>There are {dates} dates but {columns} value columns; give one date per column.</source>
      <translation>共有 {dates} 个日期，但有 {columns} 个数值列；请为每列提供一个日期。</translation>
    </message>
    <message>
      <location filename="../core/insar/cascade.py" line="178" />
      <source>At least 3 acquisition dates are needed, got {count}.</source>
      <translation>至少需要 3 个获取日期，当前为 {count} 个。</translation>
    </message>
    <message>
      <location filename="../core/insar/cascade.py" line="181" />
      <source>The acquisition dates are not strictly increasing; sort the columns by date and drop duplicate dates.</source>
      <translation>获取日期不是严格递增的；请按日期对列排序，并删除重复的日期。</translation>
    </message>
    <message>
      <location filename="../core/insar/cascade.py" line="189" />
      <source>Give one building flag or id per point.</source>
      <translation>请为每个点提供一个建筑物标志或 ID。</translation>
    </message>
    <message>
      <location filename="../core/insar/dates.py" line="78" />
      <source>The date fields {missing} are not in the layer. Pick fields from: {available}.</source>
      <translation>图层中没有日期字段 {missing}。请从以下字段中选择：{available}。</translation>
    </message>
    <message>
      <location filename="../core/insar/dates.py" line="83" />
      <source>The fields {bad} are not named as dates. Date fields must be named YYYYMMDD, DYYYYMMDD, D_YYYYMMDD or YYYY-MM-DD.</source>
      <translation>字段 {bad} 的名称不是日期格式。日期字段的名称必须为 YYYYMMDD、DYYYYMMDD、D_YYYYMMDD 或 YYYY-MM-DD。</translation>
    </message>
    <message>
      <location filename="../core/insar/dates.py" line="91" />
      <source>Found {count} date fields, at least {needed} are needed. Name one numeric field per acquisition date YYYYMMDD, DYYYYMMDD, D_YYYYMMDD or YYYY-MM-DD, or list the date fields explicitly.</source>
      <translation>找到 {count} 个日期字段，至少需要 {needed} 个。请为每个获取日期设置一个数值字段，命名为 YYYYMMDD、DYYYYMMDD、D_YYYYMMDD 或 YYYY-MM-DD，或明确列出日期字段。</translation>
    </message>
    <message>
      <location filename="../core/insar/dates.py" line="98" />
      <source>Fields {first} and {second} both hold the date {date}. List the date fields explicitly to choose one.</source>
      <translation>字段 {first} 和 {second} 都对应日期 {date}。请明确列出日期字段以选择其中之一。</translation>
    </message>
    <message>
      <location filename="../core/insar/detection.py" line="196" />
      <source>Looking for subsidence bowls…</source>
      <translation>正在查找沉降漏斗…</translation>
    </message>
    <message>
      <location filename="../core/insar/detection.py" line="203" />
      <source>Running the step / gradient / cumulative cascade…</source>
      <translation>正在运行步长 / 梯度 / 累计沉降级联判别…</translation>
    </message>
    <message>
      <location filename="../core/insar/detection.py" line="213" />
      <source>{n} of the sites lie outside every licensed area.</source>
      <translation>其中 {n} 个疑似开采点位于所有采矿权范围之外。</translation>
    </message>
    <message>
      <location filename="../core/insar/detection.py" line="228" />
      <source>No PS point lies inside a building polygon. Check that the PS and the buildings cover the same area and that both layers have the right CRS.</source>
      <translation>没有 PS 点落在建筑物多边形内。请检查 PS 点与建筑物是否覆盖同一区域，以及两个图层的坐标参考系是否正确。</translation>
    </message>
    <message>
      <location filename="../core/insar/detection.py" line="231" />
      <source>{n} of {total} PS lie on {b} buildings.</source>
      <translation>{total} 个 PS 点中有 {n} 个位于 {b} 栋建筑物上。</translation>
    </message>
    <message>
      <location filename="../core/insar/detection.py" line="247" />
      <source>Radar band auto: a median revisit of {days:g} days fits no known mission, so no unwrapping errors are corrected. Choose the radar band if you know it.</source>
      <translation>雷达波段自动判断：中位重访周期 {days:g} 天与已知卫星均不符，因此不校正解缠误差。如已知雷达波段，请选择它。</translation>
    </message>
    <message>
      <location filename="../core/insar/detection.py" line="252" />
      <source>Radar band auto: a median revisit of {days:g} days points to {band}-band (λ {wavelength:g} mm), used to correct unwrapping errors. Choose the radar band if it is another.</source>
      <translation>雷达波段自动判断：中位重访周期 {days:g} 天对应 {band} 波段（λ {wavelength:g} mm），据此校正解缠误差。如为其他波段，请选择相应的雷达波段。</translation>
    </message>
    <message>
      <location filename="../core/insar/detection.py" line="265" />
      <source>{count} acquisition date(s) have no value at any PS ({dates}); they are left out.</source>
      <translation>有 {count} 个获取日期在所有 PS 上都没有值（{dates}）；这些日期被略去。</translation>
    </message>
    <message>
      <location filename="../core/insar/detection.py" line="272" />
      <source>Window {t0} … {t1}: {s} suspected sites (bowls) from {n} PS; {jumps} unwrapping jumps corrected.</source>
      <translation>时间窗口 {t0} … {t1}：从 {n} 个 PS 中发现 {s} 个疑似开采点（沉降盆地）；已校正 {jumps} 处解缠跳变。</translation>
    </message>
    <message>
      <location filename="../core/insar/detection.py" line="275" />
      <source>Window {t0} … {t1}: {s} suspected sites (bowls) from {n} PS; no wavelength, so no unwrapping jumps looked for.</source>
      <translation>时间窗口 {t0} … {t1}：从 {n} 个 PS 中发现 {s} 个疑似开采点（沉降盆地）；未给出波长，因此未检查解缠跳变。</translation>
    </message>
    <message>
      <location filename="../core/insar/detection.py" line="282" />
      <source>{weak} of them are weaker evidence, listed after the sites (tier 2: a lone sinking PS, surroundings that move too, or steady motion; see the field tier2_reason and the report).</source>
      <translation>其中 {weak} 个为较弱的证据，排在开采点之后（第二级：单独沉降的 PS 点、周边地面也在移动或匀速运动；见字段 tier2_reason 和报告）。</translation>
    </message>
    <message>
      <location filename="../core/insar/detection.py" line="313" />
      <source>Window {t0} … {t1}: {seeds} seeds over {pairs} date pairs, {anom} anomalous PS, {b} buildings, {s} suspected sites.</source>
      <translation>时段 {t0} … {t1}：{pairs} 个日期对中共 {seeds} 个种子点，{anom} 个异常 PS 点，{b} 栋建筑物，{s} 个疑似开采点。</translation>
    </message>
    <message>
      <location filename="../core/insar/detection.py" line="378" />
      <source>Writing the inspector's report…</source>
      <translation>正在生成核查报告…</translation>
    </message>
    <message>
      <location filename="../core/insar/grid_series.py" line="60" />
      <source>Reading MintPy or LiCSBAS HDF5 files needs the Python package h5py, which QGIS's Python cannot import ({error}). Install it (Plugins &gt; MineWatch &gt; Check dependencies, or: python -m pip install h5py) and run again.</source>
      <translation>读取 MintPy 或 LiCSBAS 的 HDF5 文件需要 Python 包 h5py，而 QGIS 的 Python 无法导入它（{error}）。请安装后重试（插件 &gt; MineWatch &gt; 检查依赖项，或：python -m pip install h5py）。</translation>
    </message>
    <message>
      <location filename="../core/insar/grid_series.py" line="76" />
      <source>Cannot read {path} as an HDF5 file ({error}). Give a MintPy or LiCSBAS time-series file (.h5), or its mask or geometry file where one is asked for.</source>
      <translation>无法将 {path} 作为 HDF5 文件读取（{error}）。请提供 MintPy 或 LiCSBAS 时间序列文件（.h5），或在需要时提供其掩膜或几何文件。</translation>
    </message>
    <message>
      <location filename="../core/insar/grid_series.py" line="94" />
      <source>The HDF5 file's date '{value}' is not YYYYMMDD.</source>
      <translation>HDF5 文件中的日期“{value}”不是 YYYYMMDD 格式。</translation>
    </message>
    <message>
      <location filename="../core/insar/grid_series.py" line="109" />
      <source>{path} holds neither a MintPy time series (dataset 'timeseries') nor a LiCSBAS one (dataset 'cum'); its datasets are: {names}.</source>
      <translation>{path} 既不含 MintPy 时间序列（数据集 'timeseries'），也不含 LiCSBAS 时间序列（数据集 'cum'）；其中的数据集为：{names}。</translation>
    </message>
    <message>
      <location filename="../core/insar/grid_series.py" line="120" />
      <source>The mask file {path} has no dataset '{name}'.</source>
      <translation>掩膜文件 {path} 中没有数据集 '{name}'。</translation>
    </message>
    <message>
      <location filename="../core/insar/grid_series.py" line="124" />
      <source>The mask ({mask}) and the time series ({series}) are not on the same grid.</source>
      <translation>掩膜（{mask}）与时间序列（{series}）不在同一格网上。</translation>
    </message>
    <message>
      <location filename="../core/insar/grid_series.py" line="140" />
      <source>{path} is geocoded but names no EPSG code; geocode it with MintPy's geocode.py or add the EPSG attribute.</source>
      <translation>{path} 已地理编码，但未给出 EPSG 代码；请用 MintPy 的 geocode.py 重新地理编码，或添加 EPSG 属性。</translation>
    </message>
    <message>
      <location filename="../core/insar/grid_series.py" line="148" />
      <source>{path} is in radar coordinates: give its geometryRadar.h5 (latitude and longitude of every cell), or geocode the time series first.</source>
      <translation>{path} 位于雷达坐标系中：请提供其 geometryRadar.h5（每个格网单元的纬度和经度），或先对时间序列进行地理编码。</translation>
    </message>
    <message>
      <location filename="../core/insar/grid_series.py" line="232" />
      <source>No grid cell of the time series is kept (the mask keeps none, or no cell has values at half of the dates).</source>
      <translation>时间序列中没有保留任何格网单元（掩膜未保留任何单元，或没有单元在一半以上的日期有值）。</translation>
    </message>
    <message>
      <location filename="../core/insar/ps_tiles.py" line="177" />
      <source>The PS file's feature ids (FID) are not unique and increasing, so it cannot be read tile by tile. Save it as a GeoPackage (Export &gt; Save Features As…) and use that.</source>
      <translation>PS 文件的要素编号（FID）不是唯一且递增的，因此无法分块读取。请将其另存为 GeoPackage（导出 &gt; 要素另存为…）后使用。</translation>
    </message>
    <message>
      <location filename="../core/insar/ps_tiles.py" line="182" />
      <source>No PS of the file has a position.</source>
      <translation>文件中没有任何 PS 点具有坐标。</translation>
    </message>
    <message>
      <location filename="../core/insar/ps_tiles.py" line="389" />
      <source>{n} PS in {tiles} tile(s) of {size:g} m with a halo of {halo:g} m.</source>
      <translation>{n} 个 PS 点，分为 {tiles} 个 {size:g} m 的分块，缓冲区（halo）{halo:g} m。</translation>
    </message>
    <message>
      <location filename="../core/insar/ps_tiles.py" line="395" />
      <source>The PS file has no spatial index, so each of the {tiles} tiles reads the whole file. For large files, save the PS as a GeoPackage and give it a spatial index (Vector &gt; Data Management Tools &gt; Create Spatial Index).</source>
      <translation>PS 文件没有空间索引，因此 {tiles} 个分块中的每一块都要读取整个文件。对于大文件，请将 PS 另存为 GeoPackage 并建立空间索引（矢量 &gt; 数据管理工具 &gt; 创建空间索引）。</translation>
    </message>
    <message>
      <location filename="../core/insar/reader.py" line="70" />
      <source>The PS file {path} does not exist.</source>
      <translation>PS 文件 {path} 不存在。</translation>
    </message>
    <message>
      <location filename="../core/insar/reader.py" line="79" />
      <source>Cannot open {path} as a vector layer: {error}</source>
      <translation>无法将 {path} 作为矢量图层打开：{error}</translation>
    </message>
    <message>
      <location filename="../core/insar/reader.py" line="87" />
      <source>The {what} field {name} is not in the layer.</source>
      <translation>图层中没有 {what} 字段 {name}。</translation>
    </message>
    <message>
      <location filename="../core/insar/reader.py" line="161" />
      <source>The PS layer's MultiPoint geometries are empty; give one point per PS.</source>
      <translation>PS 图层的 MultiPoint 几何为空；请为每个 PS 提供一个点。</translation>
    </message>
    <message>
      <location filename="../core/insar/reader.py" line="166" />
      <location filename="../core/insar/reader.py" line="507" />
      <source>{count} features of the PS layer are MultiPoints of several points; a PS is one point. Split them into single points first (Vector &gt; Geometry Tools &gt; Multipart to Singleparts).</source>
      <translation>PS 图层中有 {count} 个要素是包含多个点的 MultiPoint；一个 PS 只是一个点。请先将其拆分为单点（矢量 &gt; 几何工具 &gt; 多部件转单部件）。</translation>
    </message>
    <message>
      <location filename="../core/insar/reader.py" line="175" />
      <source>The PS layer holds {count} features that are not points (geometry type {kind}); PS must be points or single-part MultiPoints.</source>
      <translation>PS 图层中有 {count} 个要素不是点（几何类型 {kind}）；PS 必须是点或单部件 MultiPoint。</translation>
    </message>
    <message>
      <location filename="../core/insar/reader.py" line="265" />
      <source>The file {path} has no layer {layer}.</source>
      <translation>文件 {path} 中没有图层 {layer}。</translation>
    </message>
    <message>
      <location filename="../core/insar/reader.py" line="277" />
      <source>Cannot find the coordinate columns of {path}; name them easting/northing, x/y or lon/lat, or give their names (advanced X_FIELD and Y_FIELD of Detect Subsidence Anomalies).</source>
      <translation>找不到 {path} 的坐标列；请将其命名为 easting/northing、x/y 或 lon/lat，或给出列名（沉降异常检测的高级参数 X_FIELD 和 Y_FIELD）。</translation>
    </message>
    <message>
      <location filename="../core/insar/reader.py" line="395" />
      <source>{count} PS of the tile are missing from {path} (was the file changed during the run?).</source>
      <translation>{path} 中缺少该分块的 {count} 个 PS 点（运行期间文件是否被修改？）。</translation>
    </message>
    <message>
      <location filename="../core/insar/reader.py" line="455" />
      <source>The layer returned more features than it counted.</source>
      <translation>图层返回的要素数多于其统计的要素数。</translation>
    </message>
    <message>
      <location filename="../core/insar/reader.py" line="517" />
      <source>The layer counted {expected} features but returned {got}; re-save it (e.g. as GeoPackage).</source>
      <translation>图层统计有 {expected} 个要素，但返回了 {got} 个；请重新保存该图层（例如保存为 GeoPackage）。</translation>
    </message>
    <message>
      <location filename="../core/insar/series.py" line="26" />
      <source>Unknown unit {units!r}; use 'mm', 'cm' or 'm'.</source>
      <translation>未知单位 {units!r}；请使用 'mm'、'cm' 或 'm'。</translation>
    </message>
    <message>
      <location filename="../core/insar/series.py" line="29" />
      <source>Unknown sign convention {sign!r}; use 'negative' (negative = settlement, EGMS) or 'positive' (positive = settlement).</source>
      <translation>未知的符号约定 {sign!r}；请使用 'negative'（负值 = 沉降，EGMS）或 'positive'（正值 = 沉降）。</translation>
    </message>
    <message>
      <location filename="../core/insar/series.py" line="83" />
      <source>{count} values beyond ±{limit:g} mm are not PS displacements (fill values such as 1e30, or a unit slip); they are treated as missing.</source>
      <translation>有 {count} 个值超出 ±{limit:g} mm，不是 PS 形变值（例如 1e30 之类的填充值，或单位有误）；将其视为缺失值。</translation>
    </message>
    <message>
      <location filename="../core/insar/series.py" line="91" />
      <source>The series' date-to-date noise is {noise:.3g} mm when the values are read as {units}, where PS noise is usually 0.5–10 mm: they look like millimetres. Set the units to mm if so.</source>
      <translation>按 {units} 读取时，序列的逐期噪声为 {noise:.3g} mm，而 PS 噪声通常为 0.5–10 mm：这些值看起来是毫米。若是，请将单位设为 mm。</translation>
    </message>
    <message>
      <location filename="../core/insar/series.py" line="94" />
      <source>The series' date-to-date noise is {noise:.3g} mm when the values are read as {units}, where PS noise is usually 0.5–10 mm: they look like centimetres. Set the units to cm if so.</source>
      <translation>按 {units} 读取时，序列的逐期噪声为 {noise:.3g} mm，而 PS 噪声通常为 0.5–10 mm：这些值看起来是厘米。若是，请将单位设为 cm。</translation>
    </message>
    <message>
      <location filename="../core/insar/series.py" line="97" />
      <source>The series' date-to-date noise is {noise:.3g} mm when the values are read as {units}, where PS noise is usually 0.5–10 mm: they look like metres. Set the units to m if so.</source>
      <translation>按 {units} 读取时，序列的逐期噪声为 {noise:.3g} mm，而 PS 噪声通常为 0.5–10 mm：这些值看起来是米。若是，请将单位设为 m。</translation>
    </message>
    <message>
      <location filename="../core/insar/series.py" line="150" />
      <source>{missing} of {total} date cells ({share:.2g} %) are empty, NULL or not numbers; they are treated as missing acquisitions.</source>
      <translation>{total} 个日期单元格中有 {missing} 个（{share:.2g} %）为空、NULL 或非数值；将其视为缺失的获取影像。</translation>
    </message>
    <message>
      <location filename="../core/insar/series.py" line="157" />
      <source>{count} date field(s) lie in the future ({dates}): they are probably not acquisition dates. Check the field names, or list the date fields explicitly.</source>
      <translation>有 {count} 个日期字段的日期位于未来（{dates}）：它们可能不是获取日期。请检查字段名称，或明确列出日期字段。</translation>
    </message>
    <message>
      <location filename="../core/insar/series.py" line="175" />
      <source>The monitoring window {start} – {end} holds {count} acquisitions; it needs at least 2. Acquisitions run from {first} to {last}.</source>
      <translation>监测时段 {start} – {end} 内有 {count} 期影像；至少需要 2 期。影像获取日期范围为 {first} 至 {last}。</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="93" />
      <source>site centre</source>
      <translation>开采点中心</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="95" />
      <source>PS (colour: cumulative settlement)</source>
      <translation>PS 点（颜色：累计沉降量）</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="98" />
      <location filename="../processing_provider/graphical_models.py" line="82" />
      <source>buildings</source>
      <translation>建筑物</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="100" />
      <source>licensed area</source>
      <translation>采矿权范围</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="121" />
      <source>Suspected sites (red: unlicensed or unknown, green: licensed)</source>
      <translation>疑似开采点（红色：非法开采或情况未知；绿色：位于采矿权范围内）</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="151" />
      <source>cumulative settlement, mm</source>
      <translation>累计沉降量，mm</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="169" />
      <source>PS around the site (median)</source>
      <translation>疑似开采点周边的 PS 点（中位数）</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="171" />
      <source>site core (median)</source>
      <translation>开采点核心区（中位数）</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="176" />
      <source>fitted model</source>
      <translation>拟合模型</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="177" />
      <source>onset</source>
      <translation>开始时间</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="177" />
      <source>stop</source>
      <translation>停止时间</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="183" />
      <source>settlement, mm</source>
      <translation>沉降量，mm</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="190" />
      <source>Suspected mining sites — inspector's report</source>
      <translation>疑似开采点——核查报告</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="191" />
      <source>Overview</source>
      <translation>概览</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="192" />
      <source>Site {site_id} (visit {number} of {total})</source>
      <translation>疑似开采点 {site_id}（巡查顺序 {number} / {total}）</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="193" />
      <source>Evidence</source>
      <translation>证据</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="194" />
      <source>What</source>
      <translation>内容</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="195" />
      <source>Score (0–1)</source>
      <translation>评分（0–1）</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="195" />
      <source>Inside a licensed area</source>
      <translation>位于采矿权范围内</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="196" />
      <source>yes</source>
      <translation>是</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="196" />
      <source>no</source>
      <translation>否</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="196" />
      <source>unknown</source>
      <translation>未知</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="197" />
      <source>Settlement period</source>
      <translation>沉降时段</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="197" />
      <source>still active</source>
      <translation>仍在持续</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="198" />
      <source>Largest cumulative settlement, mm</source>
      <translation>最大累计沉降量，mm</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="199" />
      <source>Bowl radius, m</source>
      <translation>沉降漏斗半径，m</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="199" />
      <source>PS in the site</source>
      <translation>开采点内的 PS 点数</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="200" />
      <source>Share of the site's PS whose own series breaks into settlement</source>
      <translation>开采点内自身时间序列出现沉降突变的 PS 点比例</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="201" />
      <source>Seasonal (thermal) amplitude, mm</source>
      <translation>季节性（热胀冷缩）振幅，mm</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="202" />
      <source>Coordinates</source>
      <translation>坐标</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="203" />
      <source>No suspected site was found.</source>
      <translation>未发现疑似开采点。</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="204" />
      <source>Tier 2, the ground around moves too: the PS around this site settle {share:.0%} as much as its core, where a mine's bowl stands in still ground. This looks more like a creeping slope or a wider motion than a mine: check the terrain (a slope? a landslide inventory?) before a field visit.</source>
      <translation>第二级，周边地面也在移动：该点群周围 PS 点的沉降量达到其核心的 {share:.0%}，而开采沉降漏斗周围的地面是稳定的。这更像缓慢蠕滑的斜坡或更大范围的形变，而非开采：外业核查前，请先核对地形（是否为斜坡？是否在滑坡编目中？）。</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="209" />
      <source>Tier 2, steady motion: only {share:.0%} of this site's settling PS break into settlement; the others move steadily through the whole series, as a creeping slope does, where the ground over a mine starts to sink when the mining starts. Check the terrain (a slope? a landslide inventory?) before a field visit.</source>
      <translation>第二级，匀速运动：该点群正在沉降的 PS 点中只有 {share:.0%} 转入沉降；其余点在整个序列中持续匀速运动，与缓慢蠕滑的斜坡相似，而开采区上方的地面是在开采开始时才开始下沉。外业核查前，请先核对地形（是否为斜坡？是否在滑坡编目中？）。</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="214" />
      <source>Tier 2, a single PS: it sank {mm:.0f} mm alone, along a mining-shaped curve, while no PS around it moved with it. This is weaker evidence than a site, which needs several PS settling together: check the house and its PS (e.g. on recent imagery) before a field visit.</source>
      <translation>第二级，单个 PS 点：该点单独沉降了 {mm:.0f} mm，沉降曲线呈开采形态，而周围没有 PS 点随之移动。这比开采点的证据弱（开采点需要多个 PS 点一同沉降）：外业核查前，请先检查该房屋及其 PS 点（例如对照近期影像）。</translation>
    </message>
    <message>
      <location filename="../core/insar/site_report.py" line="219" />
      <source>{n} suspected site(s), in the order to visit them (highest score first; unlicensed before licensed).</source>
      <translation>共 {n} 个疑似开采点，按核查顺序排列（评分高者在前；非法开采点在持证开采点之前）。</translation>
    </message>
    <message>
      <location filename="../core/landdamage/area_report.py" line="34" />
      <source>Land damage statistics</source>
      <translation>土地损毁统计</translation>
    </message>
    <message>
      <location filename="../core/landdamage/area_report.py" line="36" />
      <source>Per damage type</source>
      <translation>按损毁类型</translation>
    </message>
    <message>
      <location filename="../core/landdamage/area_report.py" line="39" />
      <source>Chinese name</source>
      <translation>中文名称</translation>
    </message>
    <message>
      <location filename="../core/landdamage/area_report.py" line="40" />
      <location filename="../core/landdamage/change_report.py" line="30" />
      <source>Damage type</source>
      <translation>损毁类型</translation>
    </message>
    <message>
      <location filename="../core/landdamage/area_report.py" line="41" />
      <source>Pixels</source>
      <translation>像元数</translation>
    </message>
    <message>
      <location filename="../core/landdamage/area_report.py" line="42" />
      <source>Area (m²)</source>
      <translation>面积（m²）</translation>
    </message>
    <message>
      <location filename="../core/landdamage/area_report.py" line="43" />
      <source>Area (km²)</source>
      <translation>面积（km²）</translation>
    </message>
    <message>
      <location filename="../core/landdamage/area_report.py" line="44" />
      <source>Share of classified area (%)</source>
      <translation>占分类面积比例（%）</translation>
    </message>
    <message>
      <location filename="../core/landdamage/area_report.py" line="45" />
      <source>Total classified</source>
      <translation>分类总计</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change.py" line="142" />
      <source>The class maps have {n} classes; change detection codes a transition as from·16 + to and handles at most {most}. Merge classes first (e.g. with the Raster calculator).</source>
      <translation>两幅分类图共有 {n} 个类别；变化检测将转移编码为 from·16 + to，最多只能处理 {most} 个类别。请先合并类别（例如使用栅格计算器）。</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change.py" line="159" />
      <source>The two class maps name their classes differently (earlier: {earlier}; later: {later}). Compare maps made with the same classes in the same order, e.g. by the same model.</source>
      <translation>两幅分类图的类别名称不同（前期：{earlier}；后期：{later}）。请对比类别相同且顺序一致的分类图，例如由同一模型生成的分类图。</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change.py" line="166" />
      <source>The class map {path} holds the classes {stored}, but the change is computed for {expected}. Give the classes the maps hold in Class names, or compare maps made for these classes.</source>
      <translation>分类图 {path} 的类别为 {stored}，但变化检测按 {expected} 计算。请在“类别名称”中给出分类图实际的类别，或对比按这些类别生成的分类图。</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change.py" line="169" />
      <source>The class map {path} holds the classes {stored}, not the land-damage classes the change is computed for by default. Give the classes the maps hold in Class names.</source>
      <translation>分类图 {path} 的类别为 {stored}，不是变化检测默认使用的土地损毁类别。请在“类别名称”中给出分类图实际的类别。</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change.py" line="202" />
      <source>Both class maps need a coordinate reference system to be compared; assign the CRS of their source images first.</source>
      <translation>两幅分类图都必须有坐标参考系才能进行比较；请先为其指定对应源影像的坐标参考系。</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change.py" line="207" />
      <source>'{path}' holds {dtype} values, not class indices: give the class map made by Classify Land Damage, not an image or a probability map.</source>
      <translation>'{path}' 中存储的是 {dtype} 值，而不是类别索引：请输入由“土地损毁分类”生成的分类图，而不是影像或概率图。</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change.py" line="245" />
      <source>No pixel holds a class of the table ({n} classes) in both maps: the maps do not overlap, hold other values than class indices, or every class is left out. Check the two inputs and the class list.</source>
      <translation>两幅图中没有任何像元同时属于类别表中的类别（共 {n} 个类别）：两幅图可能不重叠、包含类别索引以外的值，或所有类别均被排除。请检查两个输入和类别列表。</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change_report.py" line="28" />
      <source>Land-damage change {earlier} → {later}</source>
      <translation>土地损毁变化 {earlier} → {later}</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change_report.py" line="29" />
      <source>Damage by type, km²</source>
      <translation>各损毁类型面积（km²）</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change_report.py" line="31" />
      <source>New damage</source>
      <translation>新增损毁</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change_report.py" line="31" />
      <source>Restored</source>
      <translation>已复垦（恢复）</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change_report.py" line="32" />
      <source>Persisting</source>
      <translation>持续损毁</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change_report.py" line="32" />
      <source>Changed type or class</source>
      <translation>损毁类型或类别变化</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change_report.py" line="34" />
      <source>New damage and restored land per damage type</source>
      <translation>各损毁类型的新增损毁与已复垦土地</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change_report.py" line="35" />
      <source>Map of the change (white: unchanged)</source>
      <translation>变化图（白色：未变化）</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change_report.py" line="36" />
      <source>Transition matrix, km² (rows: {earlier}, columns: {later})</source>
      <translation>转移矩阵（km²；行：{earlier}，列：{later}）</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change_report.py" line="37" />
      <source>from \ to</source>
      <translation>前期 \ 后期</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change_report.py" line="38" />
      <source>New damage: land that was not damaged and is now excavated or occupied (counted under the new class's damage type). Restored: damaged land that is now vegetation or background (counted under the old damage type). Persisting: the same damage class in both years. Changed: one damage class became another.</source>
      <translation>新增损毁：原未损毁、现为挖损或压占的土地（计入新类别所属的损毁类型）。已复垦：原已损毁、现为植被或其他的土地（计入原损毁类型）。持续损毁：两个年份的损毁类别相同。类型变化：由一种损毁类别变为另一种损毁类别。</translation>
    </message>
    <message>
      <location filename="../core/landdamage/change_report.py" line="43" />
      <source>km²</source>
      <translation>km²</translation>
    </message>
    <message>
      <location filename="../core/landdamage/classify.py" line="64" />
      <source>The model is a building model (classes: {names}); Classify Land Damage needs a land-damage model. Use Extract Buildings with this model, or give a land-damage model (empty = the shipped one).</source>
      <translation>该模型是建筑物模型（类别：{names}）；“土地损毁分类”需要土地损毁模型。请将此模型用于“建筑物提取”，或提供土地损毁模型（留空 = 插件自带模型）。</translation>
    </message>
    <message>
      <location filename="../core/landdamage/classify.py" line="69" />
      <source>None of the model's classes ({names}) is an excavation or occupation class, so the damage areas will be 0. Check that this is the model you meant.</source>
      <translation>模型的类别（{names}）中没有挖损或压占类别，因此损毁面积将为 0。请确认这是您要使用的模型。</translation>
    </message>
    <message>
      <location filename="../core/raster/band_names.py" line="11" />
      <source>The image's 3 bands have no names, so they are taken as red, green, blue. If the order differs, name the bands in the image's band descriptions (e.g. with gdal_edit.py -colorinterp_1 blue …) and make the samples again.</source>
      <translation>影像的 3 个波段没有名称，因此按红、绿、蓝处理。若顺序不同，请在影像的波段描述中为各波段命名（例如使用 gdal_edit.py -colorinterp_1 blue …），然后重新制作样本。</translation>
    </message>
    <message>
      <location filename="../core/raster/raster_io.py" line="24" />
      <source>Cannot read '{path}' as a raster ({reason}). Give a raster file GDAL can open, e.g. a GeoTIFF.</source>
      <translation>无法将 '{path}' 作为栅格读取（{reason}）。请提供 GDAL 可以打开的栅格文件，例如 GeoTIFF。</translation>
    </message>
    <message>
      <location filename="../core/raster/raster_io.py" line="33" />
      <source>The image {path} has no coordinate reference system or no georeferencing, so areas and positions would be meaningless. Assign its CRS (Raster &gt; Projections &gt; Assign Projection, or Layer Properties &gt; Source) and run again.</source>
      <translation>影像 {path} 没有坐标参考系或地理参考信息，面积和位置将没有意义。请为其指定坐标参考系（栅格 &gt; 投影 &gt; 指定投影，或 图层属性 &gt; 源）后重新运行。</translation>
    </message>
    <message>
      <location filename="../core/raster/raster_io.py" line="139" />
      <source>The output {path} would be a {driver} file, a format that cannot be written tile by tile and cannot hold class values or probabilities exactly. Give a GeoTIFF name (.tif) instead.</source>
      <translation>输出 {path} 将是 {driver} 文件，该格式无法逐块写入，也无法精确保存类别值或概率。请改用 GeoTIFF 文件名（.tif）。</translation>
    </message>
    <message>
      <location filename="../core/scaleout/cluster.py" line="60" />
      <source>Running on a Dask cluster needs the packages dask and distributed, which QGIS's Python lacks. Install them with: {command} — or leave the Dask scheduler empty to run in this process.</source>
      <translation>在 Dask 集群上运行需要 dask 和 distributed 两个包，而 QGIS 的 Python 中没有。请用以下命令安装：{command}；或将 Dask 调度器留空，在本进程中运行。</translation>
    </message>
    <message>
      <location filename="../core/scaleout/cluster.py" line="74" />
      <source>Could not start a local Dask cluster ({reason}). Check that {python} runs and imports MineWatch's packages, or leave the Dask scheduler empty to run in this process.</source>
      <translation>无法启动本地 Dask 集群（{reason}）。请检查 {python} 能否运行并导入 MineWatch 所需的包，或将 Dask 调度器留空，在本进程中运行。</translation>
    </message>
    <message>
      <location filename="../core/scaleout/cluster.py" line="91" />
      <source>The Dask scheduler '{spec}' is neither 'local' nor an address such as tcp://host:8786.</source>
      <translation>Dask 调度器“{spec}”既不是“local”，也不是 tcp://host:8786 这样的地址。</translation>
    </message>
    <message>
      <location filename="../core/scaleout/cluster.py" line="97" />
      <source>Cannot reach the Dask scheduler {spec} ({reason}). Start it with 'dask scheduler' and its workers with 'dask worker {spec}', or leave the parameter empty.</source>
      <translation>无法连接 Dask 调度器 {spec}（{reason}）。请用“dask scheduler”启动调度器、用“dask worker {spec}”启动 worker，或将该参数留空。</translation>
    </message>
    <message>
      <location filename="../core/scaleout/ordered.py" line="86" />
      <source>A Dask worker failed: {error}. Its traceback:
{traceback}</source>
      <translation>一个 Dask worker 运行失败：{error}。其回溯信息：
{traceback}</translation>
    </message>
    <message>
      <location filename="../core/training/checkpoint_keeper.py" line="75" />
      <source>The model could not be written to {path} ({reason}); it is saved at {rescue} instead. Copy it where you want it.</source>
      <translation>无法将模型写入 {path}（{reason}）；已改为保存到 {rescue}。请将其复制到所需位置。</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="32" />
      <source>Segmentation model comparison</source>
      <translation>分割模型对比</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="33" />
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="127" />
      <source>Architecture</source>
      <translation>网络结构</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="34" />
      <source>Parameters (M)</source>
      <translation>参数量（M）</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="35" />
      <source>Training time (s)</source>
      <translation>训练时间（s）</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="36" />
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="156" />
      <source>Epochs run</source>
      <translation>已运行轮次</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="37" />
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="155" />
      <source>Best epoch</source>
      <translation>最佳轮次</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="38" />
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="154" />
      <source>Best validation MIoU</source>
      <translation>最佳验证 MIoU</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="39" />
      <source>Scored on</source>
      <translation>评价数据集</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="40" />
      <source>MIoU</source>
      <translation>MIoU</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="45" />
      <source>Kappa</source>
      <translation>Kappa 系数</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="46" />
      <source>Model file</source>
      <translation>模型文件</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="47" />
      <source>IoU {name}</source>
      <translation>{name} IoU</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="89" />
      <source>The output folder {folder} is a file. Give a folder (new or empty) for the models.</source>
      <translation>输出文件夹 {folder} 是一个文件。请为模型指定一个（新的或空的）文件夹。</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="95" />
      <source>The output folder {folder} holds files that an earlier comparison did not write ({files}). Models are written only into a new or empty folder, or over an earlier comparison's models. Choose another folder.</source>
      <translation>输出文件夹 {folder} 中有并非先前模型比较写入的文件（{files}）。模型只会写入新的或空的文件夹，或覆盖先前模型比较生成的模型。请另选一个文件夹。</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="129" />
      <source>Choose at least one architecture to compare.</source>
      <translation>请至少选择一种网络结构进行对比。</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="134" />
      <source>Architecture options are given for {names}, which are not compared. Give options only for the chosen architectures.</source>
      <translation>为 {names} 提供了网络结构选项，但这些网络结构未参与对比。请仅为所选网络结构提供选项。</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="146" />
      <source>The sample folder has no test patches; the models are scored on the '{split}' patches, which also chose the best epoch, so the scores are optimistic.</source>
      <translation>样本文件夹中没有测试切片；模型在 '{split}' 切片上评分，而最佳轮次也是据此选出的，因此评分偏乐观。</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="159" />
      <source>— {name} ({k}/{n}) —</source>
      <translation>— {name}（{k}/{n}）—</translation>
    </message>
    <message>
      <location filename="../core/training/comparison.py" line="177" />
      <source>{name}: {split} MIoU {miou}, OA {oa}, kappa {kappa}; {params:.2f} M parameters, {seconds:.0f} s.</source>
      <translation>{name}：{split} MIoU {miou}，OA {oa}，Kappa {kappa}；参数量 {params:.2f} M，耗时 {seconds:.0f} s。</translation>
    </message>
    <message>
      <location filename="../core/training/pretext.py" line="90" />
      <source>The unlabelled image {path} has {found} band(s); the training samples have {expected}. Give images of the same sensor, with the bands in the samples' order.</source>
      <translation>无标注影像 {path} 有 {found} 个波段，而训练样本有 {expected} 个。请提供同一传感器的影像，波段顺序与样本一致。</translation>
    </message>
    <message>
      <location filename="../core/training/pretext.py" line="95" />
      <source>The unlabelled image {path} ({width} × {height} px) is smaller than one training patch ({patch} px). Give larger images.</source>
      <translation>无标注影像 {path}（{width} × {height} 像素）小于一个训练切片（{patch} 像素）。请提供更大的影像。</translation>
    </message>
    <message>
      <location filename="../core/training/pretext.py" line="104" />
      <source>The unlabelled image {path} has no valid pixel.</source>
      <translation>无标注影像 {path} 没有有效像素。</translation>
    </message>
    <message>
      <location filename="../core/training/pretext.py" line="224" />
      <source>Self-supervised pretraining: {steps} batches in {minutes:.1f} min; the restoring error of hidden squares fell from {first:.3f} to {last:.3f} (normalised units²).</source>
      <translation>自监督预训练：{minutes:.1f} 分钟内完成 {steps} 个批次；被遮盖方块的复原误差从 {first:.3f} 降至 {last:.3f}（归一化单位²）。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="98" />
      <source>The label raster '{path}' has {count} bands; it must have one band of class indices. Extract the class band first (Raster &gt; Conversion &gt; Translate, band 1).</source>
      <translation>标签栅格 '{path}' 有 {count} 个波段；它必须只有一个存储类别索引的波段。请先提取类别波段（栅格 &gt; 转换 &gt; 转换格式，波段 1）。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="108" />
      <source>The label raster has no CRS; it is taken to be on the image's grid (same size and geotransform).</source>
      <translation>标签栅格没有坐标参考系；将视其与影像位于同一格网（大小和地理变换相同）。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="113" />
      <source>The {which} has no coordinate reference system, so the labels cannot be placed on the image. Assign the CRS (Raster &gt; Projections &gt; Assign Projection) and run again.</source>
      <translation>{which}没有坐标参考系，因此无法将标签与影像对齐。请指定坐标参考系（栅格 &gt; 投影 &gt; 指定投影）后重新运行。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="122" />
      <source>The label raster '{path}' does not overlap the image (labels cover {lb}, the image {ib}, in the image's CRS). Give labels drawn over this image.</source>
      <translation>标签栅格 '{path}' 与影像不重叠（在影像坐标参考系中，标签范围为 {lb}，影像范围为 {ib}）。请提供在该影像上绘制的标签。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="131" />
      <source>The label raster's CRS differs from the image's; labels are reprojected onto the image grid (nearest neighbour).</source>
      <translation>标签栅格的坐标参考系与影像不同；标签将重投影到影像格网上（最邻近法）。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="224" />
      <source>PATCH_SIZE must be at least 8 px (got {size}).</source>
      <translation>PATCH_SIZE 至少为 8 像素（当前为 {size}）。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="227" />
      <source>PATCH_SIZE ({size} px) is larger than the image ({width} × {height} px). Give a patch size of at most {most} px.</source>
      <translation>PATCH_SIZE（{size} 像素）大于影像（{width} × {height} 像素）。请将切片大小设为不超过 {most} 像素。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="232" />
      <source>STRIDE must be at least 1 px (got {stride}).</source>
      <translation>STRIDE 至少为 1 像素（当前为 {stride}）。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="235" />
      <source>AUGMENT is a multiplier: 1 = no augmentation, 2 = one extra copy of each train patch, …; got {augment}.</source>
      <translation>AUGMENT 是倍数：1 = 不做数据增强，2 = 每个训练切片额外增加一个副本，…；当前为 {augment}。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="239" />
      <source>BLOCK_SIZE ({block} px) must be at least PATCH_SIZE ({size} px): a patch must fit inside one block. Leave BLOCK_SIZE empty for 4 × PATCH_SIZE.</source>
      <translation>BLOCK_SIZE（{block} 像素）不能小于 PATCH_SIZE（{size} 像素）：切片必须能完整放入一个分块。BLOCK_SIZE 留空则取 4 × PATCH_SIZE。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="244" />
      <source>MIN_LABELLED is a fraction between 0 and 1 (got {value}).</source>
      <translation>MIN_LABELLED 是 0 到 1 之间的比例（当前为 {value}）。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="370" />
      <source>The samples already in {folder} are {size} px patches of the classes {have}; this run would add {new_size} px patches of {names}. Use the same patch size and classes to add to them, or another output folder.</source>
      <translation>{folder} 中已有的样本是 {size} 像素的切片，类别为 {have}；本次运行将添加 {new_size} 像素、类别为 {names} 的切片。要添加到已有样本中，请使用相同的切片大小和类别，或另选一个输出文件夹。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="478" />
      <source>No image pixel has a label: the labels do not overlap the image, or every label is nodata/outside the classes 0 … {last}. Give labels drawn over this image, with class indices or names of the class list.</source>
      <translation>没有任何影像像元带有标签：标签与影像不重叠，或所有标签均为无数据（NoData）或超出类别 0 … {last} 的范围。请提供在该影像上绘制的标签，标签值应为类别索引或类别列表中的名称。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="483" />
      <source>No {size} × {size} px patch has at least {pct:.0f} % labelled pixels. Lower MIN_LABELLED, use a smaller PATCH_SIZE, or label more of the image.</source>
      <translation>没有任何 {size} × {size} 像素切片的已标注像元达到 {pct:.0f} %。请降低 MIN_LABELLED、使用更小的 PATCH_SIZE，或标注更多影像区域。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="510" />
      <source>No patch ended up in the train split (the usable patches are in too few blocks or hold too many nodata pixels). Lower MIN_LABELLED, use a smaller PATCH_SIZE or BLOCK_SIZE, or label more of the image.</source>
      <translation>训练集中没有任何切片（可用切片所在的分块太少，或包含过多无数据像元）。请降低 MIN_LABELLED、使用更小的 PATCH_SIZE 或 BLOCK_SIZE，或标注更多影像区域。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="518" />
      <source>The {name} split has no patches: the {usable} usable patches (at least {pct:.0f} % labelled) lie in {blocks} block(s) of {block} px, and each block goes whole to one split. Use a smaller BLOCK_SIZE, a lower MIN_LABELLED (patches with fewer labelled pixels are dropped), or label more of the image.</source>
      <translation>{name} 数据集中没有切片：{usable} 个可用切片（标注比例至少 {pct:.0f} %）位于 {blocks} 个 {block} 像素的块中，而每个块整体归入一个数据集。请减小 BLOCK_SIZE、降低 MIN_LABELLED（标注像元较少的切片会被舍弃），或标注更多影像区域。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="547" />
      <source>Minimum labelled share of a patch chosen from the labels: {pct:g} % ({kept} of the {any} patches that hold labels qualify; at 50 % {at_half} would). Set MIN_LABELLED to choose it yourself.</source>
      <translation>根据标注自动选择的切片最小标注比例：{pct:g} %（{any} 个含标注的切片中有 {kept} 个符合；若为 50 % 则只有 {at_half} 个）。如需自行指定，请设置 MIN_LABELLED。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="565" />
      <source>The labels hold only the values 0 and 1, read as the land-damage classes background and open pit. If they are a two-class mask (e.g. 0 other, 1 building), give the classes, e.g. CLASSES=other,building, and make the samples again.</source>
      <translation>标注中只有 0 和 1 两个值，被读作土地损毁类别“其他”和“露天采场”。如果它们是二类掩膜（例如 0 其他、1 建筑物），请给出类别，例如 CLASSES=other,building，然后重新制作样本。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="580" />
      <source>{count} label pixels held values that are not in the class value table ({table}) and were ignored; the most common was {value}. Add it to the table, or give it as the unlabelled value.</source>
      <translation>{count} 个标注像元的值不在类别取值表（{table}）中，已被忽略；其中最常见的值为 {value}。请将其加入取值表，或将其设为未标注值。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="586" />
      <source>{count} label pixels held values outside the classes 0 … {last} and were ignored; most were {value}, one past the last class. If your labels count classes from 1 (often with 0 = unlabelled), every class is shifted by one: give the classes as a value table (1=first class,2=second class,…) and the unlabelled value, and make the samples again.</source>
      <translation>{count} 个标注像元的值超出类别 0 … {last}，已被忽略；其中大多数为 {value}，即最后一个类别之后的值。如果您的标注从 1 开始编号类别（常以 0 表示未标注），则每个类别都错位了一位：请以类别取值表（1=第一类,2=第二类,…）给出类别并填写未标注值，然后重新制作样本。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_builder.py" line="592" />
      <source>{count} label pixels held values outside the classes 0 … {last} (or not whole numbers) and were ignored ({ignore}).</source>
      <translation>有 {count} 个标签像元的值超出类别 0 … {last} 的范围（或不是整数），已被忽略（{ignore}）。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_folder.py" line="42" />
      <source>The output folder {folder} is a file. Give a folder (new or empty) for the samples.</source>
      <translation>输出文件夹 {folder} 是一个文件。请为样本指定一个文件夹（新建或空文件夹）。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_folder.py" line="64" />
      <source>The output folder {folder} holds files that are not a MineWatch sample set ({files}). Samples are written only into a new or empty folder, or over an earlier sample set made by Create Training Samples. Choose another folder.</source>
      <translation>输出文件夹 {folder} 中包含不属于 MineWatch 样本集的文件（{files}）。样本只会写入新建或空的文件夹，或覆盖之前由“制作训练样本”生成的样本集。请选择其他文件夹。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_merge.py" line="36" />
      <source>The sample folders '{a}' and '{b}' differ in {key} ({va} vs {vb}); only folders made with the same patch size, bands, data type and classes can be merged. Make them again with the same settings.</source>
      <translation>样本文件夹 '{a}' 与 '{b}' 的 {key} 不同（{va} 与 {vb}）；只有以相同切片大小、波段、数据类型和类别生成的文件夹才能合并。请使用相同设置重新生成。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_merge.py" line="64" />
      <source>Give at least one sample folder to merge.</source>
      <translation>请至少提供一个要合并的样本文件夹。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_merge.py" line="69" />
      <source>The merged folder {folder} is one of the folders to merge. Give a new folder.</source>
      <translation>合并后的文件夹 {folder} 是待合并的文件夹之一。请指定一个新文件夹。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_split.py" line="27" />
      <source>SPLIT must be three train,val,test percentages such as 60,20,20 (train &gt; 0, none negative); got '{text}'.</source>
      <translation>SPLIT 必须是三个 train,val,test 百分比，例如 60,20,20（train &gt; 0，均不能为负）；当前为 '{text}'。</translation>
    </message>
    <message>
      <location filename="../core/training/sample_split.py" line="34" />
      <source>The SPLIT percentages {text} add up to {total:g}, not 100. Give three train,val,test percentages that sum to 100, such as 60,20,20.</source>
      <translation>SPLIT 百分比 {text} 之和为 {total:g}，而不是 100。请给出三个和为 100 的 train,val,test 百分比，例如 60,20,20。</translation>
    </message>
    <message>
      <location filename="../core/training/samples.py" line="43" />
      <source>'{folder}' is not a MineWatch training-sample folder ({problem}). Give the output folder of 'Create Training Samples', or run that algorithm again to make one.</source>
      <translation>'{folder}' 不是 MineWatch 训练样本文件夹（{problem}）。请提供“制作训练样本”的输出文件夹，或重新运行该算法生成样本文件夹。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="149" />
      <source>Unknown architecture '{name}'; choose one of: {known}.</source>
      <translation>未知的网络结构 '{name}'；请从以下选项中选择：{known}。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="153" />
      <source>Unknown loss '{name}'; choose one of: {known}.</source>
      <translation>未知的损失函数 '{name}'；请从以下选项中选择：{known}。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="156" />
      <source>Epochs must be at least 1, got {value}.</source>
      <translation>轮次至少为 1，当前为 {value}。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="160" />
      <source>Batch size must be at least 2 (batch normalisation needs two patches), got {value}.</source>
      <translation>批次大小至少为 2（批归一化至少需要两个切片），当前为 {value}。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="164" />
      <source>Unknown input scaling '{value}'; use fixed or scene.</source>
      <translation>未知的输入缩放方式 '{value}'；请使用 fixed 或 scene。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="168" />
      <source>The self-supervised pretraining time must be zero or a positive number of minutes, got {value}.</source>
      <translation>自监督预训练时长必须为零或正的分钟数，当前为 {value}。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="172" />
      <source>The learning rate must be a positive number such as 0.001, got {value}.</source>
      <translation>学习率必须为正数，例如 0.001，当前为 {value}。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="176" />
      <source>The encoder's learning-rate share must be a positive number such as 0.1 or 1, got {value}.</source>
      <translation>编码器学习率比例须为正数，例如 0.1 或 1，当前为 {value}。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="211" />
      <source>Cannot build architecture '{name}' with options {options}: {error}. Fix the architecture options (a JSON object such as {example}).</source>
      <translation>无法使用选项 {options} 构建网络结构 '{name}'：{error}。请修正网络结构选项（JSON 对象，例如 {example}）。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="228" />
      <source>The encoder {encoder} starts from ImageNet weights ({licence}); its first layer reads the bands as: {bands}.</source>
      <translation>编码器 {encoder} 以 ImageNet 预训练权重（{licence}）为起点；其第一层对各波段的读取方式为：{bands}。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="249" />
      <source>Fine-tuning keeps the initial model's architecture {arch}.</source>
      <translation>微调将沿用初始模型的网络结构 {arch}。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="254" />
      <source>The model to fine-tune names its classes {model}; the samples name them {samples}. Class indices are matched as they are.</source>
      <translation>待微调模型的类别名称为 {model}；样本中的类别名称为 {samples}。类别索引按原样对应。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="266" />
      <source>Fine-tuning {arch} from {path} for other bands or classes: bands {bands}; {copied} weight tensors kept, {inputs} input layer(s) matched by band, {heads} class head(s) new (rows kept for the classes both name: {kept}), {new} tensor(s) new.</source>
      <translation>正在基于 {path} 微调 {arch}，以适配不同的波段或类别：波段 {bands}；保留 {copied} 个权重张量，按波段匹配 {inputs} 个输入层，新建 {heads} 个类别输出头（两者共有的类别保留对应行：{kept}），新建 {new} 个张量。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="299" />
      <source>The sample folder {folder} has no training patches. Create the samples again with a larger labelled area or a smaller validation/test share.</source>
      <translation>样本文件夹 {folder} 中没有训练切片。请扩大已标注区域或减小验证/测试比例，重新制作样本。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="305" />
      <source>The sample folder has no validation patches: the model is chosen by its score on the training patches, which overrates it. Give the samples a validation share.</source>
      <translation>样本文件夹中没有验证切片：将按训练切片上的评分选择模型，这会高估模型精度。请为样本设置验证集比例。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="407" />
      <source>Self-supervised pretraining for {minutes:g} min on the train patches' images and {count} unlabelled image(s): the network learns to restore hidden squares of them, then starts its supervised epochs from there.</source>
      <translation>在训练切片的影像和 {count} 幅无标注影像上进行 {minutes:g} 分钟自监督预训练：网络学习复原其中被遮盖的方块，然后从此开始有监督训练轮次。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="426" />
      <source>Training {arch} ({params:.2f} M parameters) on {device}: {train} train patches, {val} {split} patches, {epochs} epochs of batch {batch}, loss {loss}, learning rate {lr:g}.</source>
      <translation>正在 {device} 上训练 {arch}（参数量 {params:.2f} M）：训练切片 {train} 个，{split} 切片 {val} 个，共 {epochs} 个轮次，批次大小 {batch}，损失函数 {loss}，学习率 {lr:g}。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="434" />
      <source>The encoder learns at {scale:g} × the learning rate ({lr:g}).</source>
      <translation>编码器以 {scale:g} × 学习率（{lr:g}）学习。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="439" />
      <source>{arch} has no separate encoder: every layer learns at the learning rate.</source>
      <translation>{arch} 没有独立的编码器：所有层都按学习率学习。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="443" />
      <source>Each train patch is also given a random look (contrast, band balance, blur, noise).</source>
      <translation>每个训练切片还会被赋予随机外观（对比度、波段平衡、模糊、噪声）。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="447" />
      <source>Each train batch is resized by a random factor from {low:g} to {high:g} (several scales).</source>
      <translation>每个训练批次按 {low:g} 到 {high:g} 之间的随机倍数缩放（多尺度）。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="451" />
      <source>Class weights (train pixels): {weights}.</source>
      <translation>类别权重（训练像元）：{weights}。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="456" />
      <source>No training pixel of class(es) {classes}: the model cannot learn them.</source>
      <translation>类别 {classes} 没有任何训练像元：模型无法学习这些类别。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="505" />
      <source>{batch:.2f} s per batch: an epoch takes about {epoch:.1f} min; {epochs} epoch(s), {steps} batches of learning-rate schedule, about {run:.0f} min in all (time budget {budget:g} min).</source>
      <translation>每批次 {batch:.2f} s：每个轮次约需 {epoch:.1f} min；共 {epochs} 个轮次，学习率调度共 {steps} 个批次，总计约 {run:.0f} min（时间预算 {budget:g} min）。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="510" />
      <source>{batch:.2f} s per batch: an epoch takes about {epoch:.1f} min; {epochs} epoch(s), {steps} batches of learning-rate schedule, about {run:.0f} min in all.</source>
      <translation>每批次 {batch:.2f} s：每个轮次约需 {epoch:.1f} min；共 {epochs} 个轮次，学习率调度共 {steps} 个批次，总计约 {run:.0f} min。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="575" />
      <source>Epoch {epoch} ({used:.0f} % of the time budget): train loss {loss:.4f}, {split} MIoU {miou}, {seconds:.1f} s{best}</source>
      <translation>轮次 {epoch}（已用时间预算的 {used:.0f} %）：训练损失 {loss:.4f}，{split} MIoU {miou}，{seconds:.1f} s{best}</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="580" />
      <source>Epoch {epoch}/{epochs}: train loss {loss:.4f}, {split} MIoU {miou}, {seconds:.1f} s{best}</source>
      <translation>轮次 {epoch}/{epochs}：训练损失 {loss:.4f}，{split} MIoU {miou}，{seconds:.1f} s{best}</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="595" />
      <source>Time budget of {minutes:g} min used up after epoch {epoch}; stopping.</source>
      <translation>第 {epoch} 轮结束后已用完 {minutes:g} min 的时间预算；停止训练。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="642" />
      <source>Cancelled after {epochs} finished epoch(s); the model of epoch {best} is kept.</source>
      <translation>已取消，共完成 {epochs} 个轮次；保留第 {best} 轮的模型。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="671" />
      <source>The sample folder {folder} has no '{split}' patches to evaluate on. Use another split or create the samples with a share for it.</source>
      <translation>样本文件夹 {folder} 中没有可用于评价的 '{split}' 切片。请选择其他数据集划分，或制作样本时为其设置比例。</translation>
    </message>
    <message>
      <location filename="../core/training/trainer.py" line="678" />
      <source>The model {path} takes {model_bands} bands and predicts {model_classes} classes, but the samples have {bands} bands and {classes} classes. Evaluate it on samples made for it.</source>
      <translation>模型 {path} 输入 {model_bands} 个波段、预测 {model_classes} 个类别，但样本有 {bands} 个波段和 {classes} 个类别。请使用为该模型制作的样本进行评价。</translation>
    </message>
    <message>
      <location filename="../core/training/transfer.py" line="24" />
      <source>sum of visible</source>
      <translation>可见光波段之和</translation>
    </message>
    <message>
      <location filename="../core/training/transfer.py" line="25" />
      <source>mean</source>
      <translation>均值</translation>
    </message>
    <message>
      <location filename="../core/training/validation.py" line="53" />
      <source>The validation split is small ({pixels} labelled pixels; choosing the best epoch needs {least}), so its scores swing with chance: the model of the schedule's end is kept, and no early stopping. For a steadier choice give the samples a larger validation share.</source>
      <translation>验证集过小（{pixels} 个标注像元；选择最佳轮次需要 {least} 个），其得分受偶然因素影响大：将保留学习率调度结束时的模型，且不提前停止。如需更稳定的选择，请为样本设置更大的验证集比例。</translation>
    </message>
    <message>
      <location filename="../core/training/validation.py" line="58" />
      <source>The validation split is small ({pixels} labelled pixels in {blocks} block(s); choosing the best epoch needs {least} pixels in {least_blocks} blocks), so its scores swing with chance: the model of the schedule's end is kept, and no early stopping. For a steadier choice give the samples a larger validation share or a smaller BLOCK_SIZE.</source>
      <translation>验证集过小（{blocks} 个块中共 {pixels} 个标注像元；选择最佳轮次需要 {least_blocks} 个块中共 {least} 个像元），其得分受偶然因素影响大：将保留学习率调度结束时的模型，且不提前停止。如需更稳定的选择，请为样本设置更大的验证集比例或更小的 BLOCK_SIZE。</translation>
    </message>
    <message>
      <location filename="../core/training/validation.py" line="115" />
      <source>No validation gain for {patience} epochs (best MIoU at epoch {best}): early stopping, the learning rate is brought down to 0 over the next {anneal} epoch(s), so the run ends after epoch {last}.</source>
      <translation>验证集已连续 {patience} 轮没有提升（最佳 MIoU 出现在第 {best} 轮）：提前停止，学习率在随后 {anneal} 轮内降至 0，训练将在第 {last} 轮后结束。</translation>
    </message>
    <message>
      <location filename="../models/checkpoint.py" line="36" />
      <source>MineWatch model files can only be used on little-endian computers.</source>
      <translation>MineWatch 模型文件只能在小端字节序的计算机上使用。</translation>
    </message>
    <message>
      <location filename="../models/checkpoint.py" line="43" />
      <source>Cannot open the model file {path}: {error}. Check the path.</source>
      <translation>无法打开模型文件 {path}：{error}。请检查路径。</translation>
    </message>
    <message>
      <location filename="../models/checkpoint.py" line="54" />
      <source>The file {path} is a safetensors file but not a MineWatch model: it has no MineWatch metadata (class names, bands, normalisation). Save the model with MineWatch's save_checkpoint.</source>
      <translation>文件 {path} 是 safetensors 文件，但不是 MineWatch 模型：其中没有 MineWatch 元数据（类别名称、波段、归一化参数）。请用 MineWatch 的 save_checkpoint 保存模型。</translation>
    </message>
    <message>
      <location filename="../models/checkpoint.py" line="133" />
      <source>The model file {path} does not match the architecture its metadata names ({detail}). The file is damaged or was edited; save the model again.</source>
      <translation>模型文件 {path} 与其元数据所述的网络结构不符（{detail}）。文件已损坏或被修改；请重新保存模型。</translation>
    </message>
    <message>
      <location filename="../models/checkpoint.py" line="150" />
      <source>The model file {path} names architecture options this MineWatch cannot build ({error}). It may need a newer MineWatch.</source>
      <translation>模型文件 {path} 给出的网络结构选项本版 MineWatch 无法构建（{error}）。可能需要更新版本的 MineWatch。</translation>
    </message>
    <message>
      <location filename="../models/checkpoint.py" line="165" />
      <source>The model file {path} is truncated; copy it again.</source>
      <translation>模型文件 {path} 不完整；请重新复制。</translation>
    </message>
    <message>
      <location filename="../models/checkpoint.py" line="174" />
      <source>The model file {path} is damaged: its weights do not match the checksum saved with them. Copy it again, or train it again.</source>
      <translation>模型文件 {path} 已损坏：其权重与保存时记录的校验和不符。请重新复制，或重新训练。</translation>
    </message>
    <message>
      <location filename="../models/checkpoint.py" line="180" />
      <source>The model file {path} holds weights that are not numbers (NaN or infinite, e.g. {names}): training diverged or the file is damaged. Train the model again.</source>
      <translation>模型文件 {path} 中有非数值的权重（NaN 或无穷大，例如 {names}）：训练发散或文件已损坏。请重新训练模型。</translation>
    </message>
    <message>
      <location filename="../models/metadata.py" line="115" />
      <location filename="../models/metadata.py" line="193" />
      <source>The model file uses checkpoint format version {version}, but this MineWatch ({plugin}) reads up to version {supported}. Update the MineWatch plugin.</source>
      <translation>该模型文件使用检查点格式版本 {version}，而本版 MineWatch（{plugin}）最高只能读取版本 {supported}。请更新 MineWatch 插件。</translation>
    </message>
    <message>
      <location filename="../models/metadata.py" line="188" />
      <source>The model metadata is not a JSON object. The file was not written by MineWatch's save_checkpoint; save the model again with it.</source>
      <translation>模型元数据不是 JSON 对象。该文件不是由 MineWatch 的 save_checkpoint 写入的；请用它重新保存模型。</translation>
    </message>
    <message>
      <location filename="../models/metadata.py" line="203" />
      <source>The model metadata lacks the field(s) {fields}. The file was not written by MineWatch's save_checkpoint or is damaged; save the model again with it.</source>
      <translation>模型元数据缺少字段 {fields}。该文件不是由 MineWatch 的 save_checkpoint 写入的，或已损坏；请用它重新保存模型。</translation>
    </message>
    <message>
      <location filename="../models/metadata.py" line="212" />
      <source>The model metadata is not valid JSON ({error}). The file is damaged; save the model again.</source>
      <translation>模型元数据不是有效的 JSON（{error}）。文件已损坏；请重新保存模型。</translation>
    </message>
    <message>
      <location filename="../models/pretrained.py" line="38" />
      <source>sum of red, green, blue</source>
      <translation>红、绿、蓝之和</translation>
    </message>
    <message>
      <location filename="../models/pretrained.py" line="39" />
      <source>mean of red, green, blue</source>
      <translation>红、绿、蓝的平均</translation>
    </message>
    <message>
      <location filename="../models/pretrained.py" line="53" />
      <source>The ImageNet weights of {name} are not in the plugin ({path}). Reinstall MineWatch.</source>
      <translation>插件中没有 {name} 的 ImageNet 权重（{path}）。请重新安装 MineWatch。</translation>
    </message>
    <message>
      <location filename="../models/pretrained.py" line="63" />
      <source>The ImageNet weights {path} are damaged (their checksum does not match). Reinstall MineWatch.</source>
      <translation>ImageNet 权重 {path} 已损坏（校验和不符）。请重新安装 MineWatch。</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="54" />
      <source>SENetV2-COT-DeepLabV3+ (paper's model, SE-COT-DL): DeepLabV3+ with CoT after the ASPP and SENetV2 on the low-level path; MobileNetV2 (default) or ResNet-50 backbone</source>
      <translation>SENetV2-COT-DeepLabV3+（论文模型，SE-COT-DL）：在 ASPP 之后加入 CoT、在低层特征路径上加入 SENetV2 的 DeepLabV3+；主干网络为 MobileNetV2（默认）或 ResNet-50</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="57" />
      <source>SENetV2-COT-DeepLabV3+ (paper)</source>
      <translation>SENetV2-COT-DeepLabV3+（论文模型）</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="58" />
      <source>SE-DL ablation: DeepLabV3+ with SENetV2 on the low-level path only</source>
      <translation>SE-DL 消融模型：仅在低层特征路径上加入 SENetV2 的 DeepLabV3+</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="60" />
      <source>SE-DeepLabV3+ (ablation)</source>
      <translation>SE-DeepLabV3+（消融）</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="61" />
      <source>COT-DL ablation: DeepLabV3+ with CoT after the ASPP only</source>
      <translation>COT-DL 消融模型：仅在 ASPP 之后加入 CoT 的 DeepLabV3+</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="63" />
      <source>COT-DeepLabV3+ (ablation)</source>
      <translation>COT-DeepLabV3+（消融）</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="64" />
      <source>DL: plain DeepLabV3+ (ASPP + 48-ch low-level decoder), output stride 16</source>
      <translation>DL：标准 DeepLabV3+（ASPP + 48 通道低层特征解码器），输出步长 16</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="66" />
      <source>DeepLabV3+</source>
      <translation>DeepLabV3+</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="67" />
      <source>FCN-8s: skip fusion of stride-32/16/8 class scores on a MobileNetV2 encoder</source>
      <translation>FCN-8s：基于 MobileNetV2 编码器，跳跃融合步长 32/16/8 的类别得分</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="69" />
      <source>FCN-8s</source>
      <translation>FCN-8s</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="70" />
      <source>U-Net: 4-level encoder-decoder with skip concatenation, base width 32</source>
      <translation>U-Net：4 级编码器-解码器，跳跃连接拼接，基础宽度 32</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="72" />
      <source>U-Net</source>
      <translation>U-Net</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="73" />
      <source>PSPNet: pyramid pooling (1/2/3/6 bins) on a dilated MobileNetV2, output stride 8</source>
      <translation>PSPNet：基于空洞 MobileNetV2 的金字塔池化（1/2/3/6 分格），输出步长 8</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="75" />
      <source>PSPNet</source>
      <translation>PSPNet</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="76" />
      <source>SegNet: encoder-decoder unpooling with max-pool indices; light (default) or depth='vgg16'; for building extraction (2 classes)</source>
      <translation>SegNet：利用最大池化索引进行反池化的编码器-解码器；轻量版（默认）或 depth='vgg16'；用于建筑物提取（2 个类别）</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="79" />
      <source>SegNet (buildings)</source>
      <translation>SegNet（建筑物）</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="82" />
      <source>SENetV2-COT-DeepLabV3+ on an ImageNet-pretrained EfficientNet-Lite0 encoder (the paper's modules on a real-image encoder)</source>
      <translation>基于 ImageNet 预训练 EfficientNet-Lite0 编码器的 SENetV2-COT-DeepLabV3+（论文的模块加在用真实影像预训练的编码器上）</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="86" />
      <source>SENetV2-COT-DeepLabV3+, EfficientNet-Lite0 (ImageNet)</source>
      <translation>SENetV2-COT-DeepLabV3+，EfficientNet-Lite0（ImageNet）</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="88" />
      <source>DeepLabV3+ on an ImageNet-pretrained EfficientNet-Lite0 encoder</source>
      <translation>基于 ImageNet 预训练 EfficientNet-Lite0 编码器的 DeepLabV3+</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="91" />
      <source>DeepLabV3+, EfficientNet-Lite0 (ImageNet)</source>
      <translation>DeepLabV3+，EfficientNet-Lite0（ImageNet）</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="93" />
      <source>U-Net decoder on an ImageNet-pretrained EfficientNet-Lite0 encoder</source>
      <translation>基于 ImageNet 预训练 EfficientNet-Lite0 编码器的 U-Net 解码器</translation>
    </message>
    <message>
      <location filename="../models/registry.py" line="95" />
      <source>U-Net, EfficientNet-Lite0 (ImageNet)</source>
      <translation>U-Net，EfficientNet-Lite0（ImageNet）</translation>
    </message>
    <message>
      <location filename="../models/safetensors_io.py" line="46" />
      <source>The file {path} is not a MineWatch model file: it is {what}. Choose a model file (.safetensors) written by MineWatch.</source>
      <translation>文件 {path} 不是 MineWatch 模型文件：它是 {what}。请选择由 MineWatch 写入的模型文件（.safetensors）。</translation>
    </message>
    <message>
      <location filename="../models/safetensors_io.py" line="74" />
      <source>The model file {path} is truncated: its header needs {need} bytes but the file has {size}. It was cut off while copying or saving: copy it again, or save the model again with MineWatch (save_checkpoint).</source>
      <translation>模型文件 {path} 不完整：其文件头需要 {need} 字节，而文件只有 {size} 字节。文件在复制或保存时被截断：请重新复制，或用 MineWatch（save_checkpoint）重新保存模型。</translation>
    </message>
    <message>
      <location filename="../models/safetensors_io.py" line="132" />
      <source>The model file {path} is truncated: tensor '{name}' ends at byte {end} of the data but the file holds only {have}. It was cut off while copying or saving: copy it again, or save the model again with MineWatch (save_checkpoint).</source>
      <translation>模型文件 {path} 不完整：张量“{name}”结束于数据的第 {end} 字节，而文件只有 {have} 字节。文件在复制或保存时被截断：请重新复制，或用 MineWatch（save_checkpoint）重新保存模型。</translation>
    </message>
    <message>
      <location filename="../plugin.py" line="92" />
      <source>Check dependencies…</source>
      <translation>检查依赖…</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="44" />
      <source>land-damage</source>
      <translation>土地损毁</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="45" />
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="45" />
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="29" />
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="50" />
      <source>Land damage</source>
      <translation>土地损毁</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="52" />
      <source>Classify Land Damage</source>
      <translation>土地损毁分类</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="55" />
      <source>Map mine land damage (open pits, dumps, tailings ponds…) from a multispectral image, with areas per class.</source>
      <translation>基于多光谱影像绘制矿山土地损毁分布图（露天采场、排土场、尾矿库等），并统计各类别面积。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="59" />
      <source>Classifies a multispectral image of a mining area into land-damage classes with a MineWatch segmentation model (by default the paper's SENetV2-COT-DeepLabV3+), to map open pits, dumps, tailings ponds and the other classes with their areas.

&lt;b&gt;Inputs&lt;/b&gt;: Multispectral image (any data type). Model file: a MineWatch model file (.safetensors). Empty uses the model shipped with the plugin, a DEMONSTRATION model (SE-COT-DeepLabV3+ on an ImageNet-pretrained EfficientNet-Lite0 encoder, bands blue, green, red, NIR, 2 m) whose classes were learnt on synthetic mining scenes: it shows the workflow, but fine-tune it on your own labels (Create Training Samples, then Train Segmentation Model with it as initial model) before relying on it for real imagery. Pickled PyTorch files (.pt, .pth) are refused because opening them can run code. Image bands in the model's order: the image bands fed to the model (e.g. 3,2,1,4 for a blue, green, red, NIR model on an R, G, B, NIR image); empty = bands described by the model's band names (red, green, blue, nir, B02 …) taken by name, else all bands in file order. Their number must equal the model's. Any data type works: values are normalised with the band statistics stored in the model, so give the same kind of values the model was trained on. Advanced: Tile size, px (0 = the model's), Tile overlap, px (empty = 1/8 of the tile), Tiles per batch (default 4). Device: auto (default) uses a CUDA GPU when torch sees one; the log names the device used. Arithmetic (advanced): auto (default) runs the network in bfloat16 on a CPU with bf16 units (AVX512-BF16 or AMX), where it is faster and the class map agrees with float32 on at least 99.5 % of the pixels, and in float32 elsewhere; float32 gives the exact result. Polygons: one multipolygon per class (default off). Dask scheduler (advanced): empty = in this process; 'local' = a Dask LocalCluster on this machine's cores; tcp://host:8786 = a running scheduler: the scene's strips run on its workers and the class map is the same as in-process (needs dask; see docs/scale-out.md).

&lt;b&gt;Tiling&lt;/b&gt;: the image is cut into square tiles overlapping by the tile overlap; overlaps are blended with a smooth weight, so no seams show, and the scene is written window by window, so memory does not grow with its size. An image smaller than a tile is padded by mirroring.

&lt;b&gt;Outputs&lt;/b&gt;: Land-damage class map (OUTPUT): uint8 on the input's grid and CRS, with a colour table and class names in the file and a .qml style beside it. Probability of the winning class (OUTPUT_PROBABILITY, optional): float32, 0–1. Land-damage polygons (OUTPUT_POLYGONS, optional): one polygon per connected patch of a class (4-connected), or with 'One multipolygon per class' the patches of each class collected into one feature; fields class, class_name, damage_type, area_m2; nodata gives no polygon. Area statistics (OUTPUT_STATS, optional, .csv or .html): pixel count, area in m² and km² and share of the classified area per class, per damage type and in total. Numeric outputs: AREA_EXCAVATION_M2, AREA_OCCUPATION_M2, AREA_CLASSIFIED_M2 (all valid pixels), CLASS_AREAS_M2 (JSON, class name → m²) and DEVICE_USED.

&lt;b&gt;Units and conventions&lt;/b&gt;: classes of the land-damage model: 0 background, 1 open pit, 2 water (excavation, 挖损), 3 vegetation, 4 living area, 5 industrial site, 6 waste dump, 7 tailings pond (occupation, 压占). Class map nodata 255 (a pixel that is nodata in any band used); probability nodata −1. Areas are in m²: for a projected CRS from the pixel size (in metres), for a geographic CRS (degrees) on the CRS's ellipsoid, pixel row by pixel row.

&lt;b&gt;Example&lt;/b&gt;: qgis_process.bin run minewatch:classifylanddamage -- INPUT=gf2_scene.tif MODEL=land_damage.safetensors BANDS=1,2,3,4 OUTPUT=damage.tif OUTPUT_POLYGONS=damage.gpkg OUTPUT_STATS=damage.csv</source>
      <translation>使用 MineWatch 分割模型（默认为论文中的 SENetV2-COT-DeepLabV3+）将矿区多光谱影像分类为各土地损毁类别，绘制露天采场、排土场、尾矿库及其他类别的分布并统计其面积。

&lt;b&gt;输入&lt;/b&gt;：多光谱影像（任意数据类型）。模型文件：MineWatch 模型文件（.safetensors）。留空则使用插件自带模型，这是一个演示模型（基于 ImageNet 预训练 EfficientNet-Lite0 编码器的 SE-COT-DeepLabV3+，蓝、绿、红、近红外波段，2 m），其类别是在合成矿区场景上学到的：它可用于演示工作流程，但在用于真实影像之前，请先用您自己的标签对其进行微调（先运行“制作训练样本”，再以它为初始模型运行“训练分割模型”）。Pickle 格式的 PyTorch 文件（.pt、.pth）会被拒绝，因为打开此类文件可能执行任意代码。按模型顺序排列的影像波段：输入模型的影像波段（例如，对于蓝、绿、红、近红外模型和 R、G、B、NIR 影像，应为 3,2,1,4）；留空 = 若影像波段的描述与模型的波段名称（red、green、blue、nir、B02 …）一致则按名称对应，否则按文件顺序使用全部波段。波段数必须与模型一致。任意数据类型均可：数值会按模型中存储的波段统计量进行归一化，因此请提供与模型训练时同类的数值。高级参数：分块大小（像素）（0 = 使用模型的设置）、分块重叠（像素）（留空 = 分块大小的 1/8）、每批次分块数（默认 4）。计算设备：auto（默认）在 torch 检测到 CUDA GPU 时使用 GPU；日志中会注明实际使用的设备。运算精度（高级）：auto（默认）在具备 bf16 运算单元（AVX512-BF16 或 AMX）的 CPU 上以 bfloat16 运行网络，此时速度更快，且分类图与 float32 结果至少 99.5 % 的像素一致；其他情况下使用 float32；float32 给出精确结果。多边形：每个类别一个多部件多边形（默认关闭）。Dask 调度器（高级）：留空 = 在本进程中运行；“local” = 在本机各核上启动 Dask LocalCluster；tcp://host:8786 = 已运行的调度器：影像按条带分发到各 worker 计算，所得分类图与本进程运行结果相同（需要安装 dask；见 docs/scale-out.md）。

&lt;b&gt;分块处理&lt;/b&gt;：影像被切分为方形分块，相邻分块按分块重叠相互重叠；重叠区以平滑权重融合，因此不会出现拼接缝；整景影像按窗口逐块写出，内存占用不会随影像大小增长。小于一个分块的影像会以镜像方式填充。

&lt;b&gt;输出&lt;/b&gt;：土地损毁分类图（OUTPUT）：uint8，与输入的格网和坐标参考系相同，文件中包含颜色表和类别名称，并在同目录生成 .qml 样式文件。预测类别的概率（OUTPUT_PROBABILITY，可选）：float32，0–1。土地损毁图斑（OUTPUT_POLYGONS，可选）：某一类别的每个连通图斑（4 邻域连通）生成一个多边形；若勾选“每个类别一个多部件多边形”，则每个类别的所有图斑合并为一个要素；字段为 class、class_name、damage_type、area_m2；无数据（NoData）区域不生成多边形。面积统计（OUTPUT_STATS，可选，.csv 或 .html）：按类别、按损毁类型及总计的像元数、面积（m² 和 km²）及占分类面积的比例。数值输出：AREA_EXCAVATION_M2、AREA_OCCUPATION_M2、AREA_CLASSIFIED_M2（所有有效像元）、CLASS_AREAS_M2（JSON，类别名称 → m²）以及 DEVICE_USED。

&lt;b&gt;单位与约定&lt;/b&gt;：土地损毁模型的类别：0 其他，1 露天采场，2 水域（挖损）；3 植被，4 生活区，5 工业广场，6 堆放场（排土场），7 尾矿库（压占）。分类图的无数据值为 255（在任一所用波段中为无数据的像元）；概率图的无数据值为 −1。面积单位为 m²：投影坐标系下由像元大小（米）计算；地理坐标系（度）下在该坐标系的椭球面上逐行计算像元面积。

&lt;b&gt;示例&lt;/b&gt;：qgis_process.bin run minewatch:classifylanddamage -- INPUT=gf2_scene.tif MODEL=land_damage.safetensors BANDS=1,2,3,4 OUTPUT=damage.tif OUTPUT_POLYGONS=damage.gpkg OUTPUT_STATS=damage.csv</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="117" />
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="110" />
      <source>Multispectral image</source>
      <translation>多光谱影像</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="117" />
      <source>Model file [empty: the shipped land-damage model]</source>
      <translation>模型文件 [留空：插件自带的土地损毁模型]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="118" />
      <source>Tile overlap, px [empty: 1/8 of the tile]</source>
      <translation>分块重叠，像素 [留空：分块大小的 1/8]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="120" />
      <source>Polygons: one multipolygon per class</source>
      <translation>图斑：每个类别一个多部件多边形</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="124" />
      <source>Land-damage class map</source>
      <translation>土地损毁分类图</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="126" />
      <source>Probability of the winning class</source>
      <translation>所属类别的概率</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="129" />
      <source>Land-damage polygons</source>
      <translation>土地损毁图斑</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="132" />
      <source>Area statistics</source>
      <translation>面积统计</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="133" />
      <location filename="../processing_provider/algorithms/compare_models.py" line="96" />
      <source>CSV files (*.csv);;HTML files (*.html *.htm)</source>
      <translation>CSV 文件 (*.csv);;HTML 文件 (*.html *.htm)</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="136" />
      <source>Excavation (挖损) area, m²</source>
      <translation>挖损面积，m²</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="138" />
      <source>Occupation (压占) area, m²</source>
      <translation>压占面积，m²</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="140" />
      <source>Classified (valid) area, m²</source>
      <translation>已分类（有效）面积，m²</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="142" />
      <source>Area per class, m² (JSON)</source>
      <translation>各类别面积，m²（JSON）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="202" />
      <source>{index} {name}: {area:.1f} m² ({share:.2f} %)</source>
      <translation>{index} {name}：{area:.1f} m²（{share:.2f} %）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="211" />
      <source>Image: {path}</source>
      <translation>影像：{path}</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="212" />
      <source>Model: {path}</source>
      <translation>模型：{path}</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="213" />
      <source>CRS: {crs}</source>
      <translation>坐标参考系：{crs}</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/classify_land_damage.py" line="233" />
      <source>Could not write the land-damage polygons: {error}</source>
      <translation>无法写出土地损毁图斑：{error}</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="29" />
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="53" />
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="47" />
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="37" />
      <source>Training and evaluation</source>
      <translation>训练与评价</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="36" />
      <source>Compare Segmentation Models</source>
      <translation>分割模型对比</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="39" />
      <source>Train several architectures on the same samples and table their test scores.</source>
      <translation>用同一套样本训练多种网络结构，并列表对比其测试精度。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="48" />
      <source>Trains each chosen architecture on the same training-sample folder with the same settings, seed and time budget and scores it on the folder's test patches, to find which model suits your data (as the paper compares its models).

&lt;b&gt;Inputs&lt;/b&gt;: Training sample folder (see below). Architectures (by default the paper's seven models: SE-COT-DL, SE-DL, COT-DL, DL, FCN, U-Net and PSPNet; the choices are listed below). Architecture options (advanced): a JSON object keyed by architecture, e.g. {"unet": {"base_width": 64}, "deeplabv3plus": {"backbone": "resnet50"}}. Epochs (default 30), Batch size (patches per step, default 8), Learning rate (default 0.001), Loss (default weighted cross-entropy), Device (default auto) and Random seed (default 0): see Training settings. Time budget per model, minutes (advanced; default 0 = none): minutes per model, so every architecture gets the same time.

&lt;b&gt;Architectures&lt;/b&gt;:</source>
      <translation>使用相同的设置、随机种子和时间预算，在同一个训练样本文件夹上训练所选的每种网络结构，并在该文件夹的测试切片上评价精度，以找出最适合您数据的模型（与论文中对各模型的对比方式相同）。

&lt;b&gt;输入&lt;/b&gt;：训练样本文件夹（见下文）。网络结构（默认为论文中的七个模型：SE-COT-DL、SE-DL、COT-DL、DL、FCN、U-Net 和 PSPNet；可选项见下文）。网络结构选项（高级）：以网络结构为键的 JSON 对象，例如 {"unet": {"base_width": 64}, "deeplabv3plus": {"backbone": "resnet50"}}。轮次数（默认 30）、批次大小（每步的切片数，默认 8）、学习率（默认 0.001）、损失函数（默认加权交叉熵）、计算设备（默认自动）和随机种子（默认 0）：见“训练设置”。每个模型的时间预算，分钟（高级；默认 0 = 不限）：每个模型可用的分钟数，使每种网络结构获得相同的训练时间。

&lt;b&gt;网络结构&lt;/b&gt;：</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="65" />
      <source>&lt;b&gt;Outputs&lt;/b&gt;: Folder for the trained models (OUTPUT_FOLDER): each model saved as a file named after the architecture (e.g. unet.safetensors). Comparison table (OUTPUT_TABLE, .csv or .html): one row per architecture with its parameters (millions), training time (s), epochs run, best epoch and validation MIoU, then its MIoU, mean recall, mean precision, mean Dice, overall accuracy, kappa and the IoU of every class on the test patches (the val patches when there are none). BEST_ARCHITECTURE names the architecture with the highest MIoU.

&lt;b&gt;Units and conventions&lt;/b&gt;: scores are fractions 0–1, empty when undefined; parameters in millions, training time in seconds, the time budget in minutes per model.

&lt;b&gt;Example&lt;/b&gt;: qgis_process.bin run minewatch:comparemodels -- SAMPLES=samples ARCHITECTURES=0,5 EPOCHS=10 MAX_MINUTES=30 OUTPUT_FOLDER=models OUTPUT_TABLE=comparison.csv</source>
      <translation>&lt;b&gt;输出&lt;/b&gt;：已训练模型的保存文件夹（OUTPUT_FOLDER）：每个模型保存为以网络结构命名的文件（例如 unet.safetensors）。对比表（OUTPUT_TABLE，.csv 或 .html）：每种网络结构一行，列出参数量（百万）、训练时间（s）、实际训练轮次、最佳轮次和验证集 MIoU，以及在测试切片上（没有测试切片时为验证切片）的 MIoU、平均召回率、平均精确率、平均 Dice、总体精度、Kappa 系数和各类别的 IoU。BEST_ARCHITECTURE 给出 MIoU 最高的网络结构名称。

&lt;b&gt;单位与约定&lt;/b&gt;：各项评分为 0–1 的小数，无定义时为空；参数量以百万计，训练时间以秒计，时间预算以每个模型的分钟数计。

&lt;b&gt;示例&lt;/b&gt;：qgis_process.bin run minewatch:comparemodels -- SAMPLES=samples ARCHITECTURES=0,5 EPOCHS=10 MAX_MINUTES=30 OUTPUT_FOLDER=models OUTPUT_TABLE=comparison.csv</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="87" />
      <source>Architectures</source>
      <translation>网络结构</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="89" />
      <source>Architecture options (JSON by architecture, e.g. {"unet": {"base_width": 64}})</source>
      <translation>网络结构选项（按网络结构组织的 JSON，例如 {"unet": {"base_width": 64}}）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="91" />
      <source>Time budget per model, minutes [0: none]</source>
      <translation>每个模型的时间预算，分钟 [0：不限]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="93" />
      <source>Folder for the trained models</source>
      <translation>已训练模型的保存文件夹</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="95" />
      <source>Comparison table</source>
      <translation>对比表</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="98" />
      <source>Architecture with the highest MIoU</source>
      <translation>MIoU 最高的网络结构</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="108" />
      <source>Architecture options must map each architecture to a JSON object, e.g. {"unet": {"base_width": 64}}.</source>
      <translation>网络结构选项必须为每种网络结构指定一个 JSON 对象，例如 {"unet": {"base_width": 64}}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="118" />
      <source>Cancelled by the user; no table was written. Models finished before are in {folder}.</source>
      <translation>已被用户取消，未写出对比表。此前已完成的模型保存在 {folder} 中。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="122" />
      <source>Samples: {path}</source>
      <translation>样本：{path}</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="123" />
      <source>Epochs {epochs}, batch {batch}, learning rate {lr:g}, loss {loss}, seed {seed}, budget {minutes:g} min per model</source>
      <translation>轮次数 {epochs}，批次大小 {batch}，学习率 {lr:g}，损失函数 {loss}，随机种子 {seed}，每个模型时间预算 {minutes:g} 分钟</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/compare_models.py" line="130" />
      <source>Highest MIoU: {name}.</source>
      <translation>MIoU 最高：{name}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="60" />
      <source>Create Training Samples</source>
      <translation>制作训练样本</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="63" />
      <source>Cut an image and its labels into training patches (block-wise train/val/test split).</source>
      <translation>将影像及其标注裁切为训练切片（按块划分训练/验证/测试集）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="67" />
      <source>Cuts an image and its class labels into square patches for training a segmentation model (Train Segmentation Model), split into train, validation and test sets without spatial leaks.

&lt;b&gt;Inputs&lt;/b&gt;: Image. Labels: either a class raster (one band of class indices, on any grid: it is resampled by nearest neighbour onto the image grid, and reprojected when its CRS differs; its nodata and 255 mean unlabelled, values outside the classes are ignored with a warning), or a polygon layer whose Class field holds a class index (0, 1, … or '3') or a class name in English or Chinese (case does not matter). Polygons are reprojected to the image CRS and burnt on the image grid (a pixel takes the class of the polygon containing its centre; where polygons overlap the later one wins). Pixels outside every polygon are class 0 (background, the default: draw only the non-background classes) or ignored (unlabelled: only what you drew is learnt). Classes: class names in index order, separated by commas (empty = the classes a label raster stores, as MineWatch's class maps and building masks do, else the eight land-damage classes; a list that names a stored value otherwise is refused; 'other,building' gives the building-extraction classes), or a class value table when your labels hold other values than 0, 1, 2 …: '1=water,2=quarry,3=crops' (the classes keep this order, so label value 1 is class 0; the same table works in Evaluate Segmentation and Detect Land Damage Change). Unlabelled label value (optional, e.g. 0): raster pixels or polygons with this value label nothing. Image bands, in model input order (empty: all). Patch size, px (default 256), Stride, px (empty = the patch size, no overlap), Augmentation multiplier (default 1 = none), Split train,val,test, % (default 60,20,20), Min labelled fraction of a patch (0–1; empty, the default, = chosen from the labels: 0.5 for dense labels, less for sparse polygons, the largest of 0.5, 0.25, 0.1, 0.05, 0.02 that keeps at least half of the patches holding labels; the log says which); advanced: Split block size, px (empty = 4 × patch size) and Random seed (default 0).

&lt;b&gt;Patches&lt;/b&gt;: squares of Patch size every Stride px lying inside the image. A patch is kept when at least Min labelled of its pixels have a label and a valid image value; image nodata pixels get label 255 (ignored).

&lt;b&gt;Split&lt;/b&gt;: the scene is cut into square blocks of Split block size; each block goes wholly to one set, chosen by a shuffle with the seed so that the sets get about their share of patches, and only patches wholly inside one block are kept, so no pixel is in two sets even with overlapping patches.

&lt;b&gt;Augmentation&lt;/b&gt;: each train patch gets multiplier − 1 extra copies with a random flip, 90° rotation and small affine (rotation ±30°, scale 0.8–1.2, shear ±10°); labels follow exactly (nearest neighbour), pixels brought in from outside the patch are ignored. Validation and test patches are never augmented.

&lt;b&gt;Outputs&lt;/b&gt;: Output folder (OUTPUT_FOLDER): manifest.json (classes, bands, pixel size, per-band mean and standard deviation of the train patches in raw units, per-class pixel counts per set), patches.csv (position and block of each patch) and the patches as NumPy .npy shards under train/, val/ and test/. A previous sample set in the folder is replaced, or kept and extended with 'Add to the samples already in the folder' (one sample set from several images: run once per image, e.g. in the batch dialog; classes, bands and patch size must match, band statistics are pooled); a cancelled or failed run leaves the folder as it was. The scene is read block by block, so memory does not grow with its size. MANIFEST: the path of manifest.json; TRAIN_PATCHES, VAL_PATCHES, TEST_PATCHES: the number of patches in each set.

&lt;b&gt;Units and conventions&lt;/b&gt;: class indices 0 background, 1 open pit, 2 water, 3 vegetation, 4 living area, 5 industrial site, 6 waste dump, 7 tailings pond by default; label 255 = unlabelled (ignored). Patch size, stride and block size in pixels; split in percent; image values kept in raw units.

&lt;b&gt;Example&lt;/b&gt;: qgis_process.bin run minewatch:createtrainingsamples -- INPUT=gf2.tif LABELS=labels.gpkg CLASS_FIELD=class AUGMENT=3 OUTPUT_FOLDER=samples</source>
      <translation>将影像及其类别标注裁切为正方形切片，用于训练分割模型（“训练分割模型”算法），并划分为训练集、验证集和测试集，避免空间信息泄漏。

&lt;b&gt;输入&lt;/b&gt;：影像。标注：可以是类别栅格（单波段类别索引，网格不限：按最邻近法重采样到影像网格，坐标参考系不同时会重投影；其无数据（NoData）值和 255 表示未标注，超出类别范围的值将被忽略并给出警告），也可以是多边形图层，其类别字段存放类别索引（0、1……或 '3'）或英文/中文类别名称（不区分大小写）。多边形会重投影到影像坐标参考系，并栅格化到影像网格上（像元取其中心所在多边形的类别；多边形重叠时以后绘制者为准）。不在任何多边形内的像元可设为类别 0（其他，默认：只需绘制“其他”以外的类别）或忽略（未标注：只学习您绘制的部分）。类别：按索引顺序排列、以逗号分隔的类别名称（留空 = 标注栅格中存储的类别（MineWatch 的分类图和建筑物掩膜均会存储），若无则为八个土地损毁类别；若给出的列表对某个已存储取值的命名与之不同，将拒绝运行；'other,building' 为建筑物提取类别）；当标注值不是 0、1、2 …… 时，可填写类别取值表：'1=water,2=quarry,3=crops'（类别按此顺序编号，即标注值 1 为类别 0；同一取值表也适用于“评估分割结果”和“检测土地损毁变化”）。未标注值（可选，例如 0）：取该值的栅格像元或多边形不作为标注。影像波段，按模型输入顺序（留空：全部）。切片大小，像素（默认 256）、步长，像素（留空 = 切片大小，无重叠）、增强倍数（默认 1 = 不增强）、训练、验证、测试集划分比例，%（默认 60,20,20）、切片最小标注比例（0–1；留空（默认）= 根据标注自动选择：密集标注为 0.5，稀疏多边形标注取更小值，即 0.5、0.25、0.1、0.05、0.02 中能保留至少一半含标注切片的最大值；日志会说明所选值）；高级：划分块大小，像素（留空 = 4 × 切片大小）和随机种子（默认 0）。

&lt;b&gt;切片&lt;/b&gt;：在影像范围内每隔“步长”像素取一个边长为“切片大小”的正方形。切片中至少有“切片最小标注比例”的像元既有标注又有有效影像值时，保留该切片；影像无数据像元的标注设为 255（忽略）。

&lt;b&gt;划分&lt;/b&gt;：将场景切分为边长为“划分块大小”的正方形块；每个块整体归入一个数据集，由随机种子控制的随机打乱决定，使各数据集获得大致符合比例的切片数；只保留完全位于一个块内的切片，因此即使切片相互重叠，也不会有像元同时出现在两个数据集中。

&lt;b&gt;数据增强&lt;/b&gt;：每个训练切片额外生成“倍数 − 1”个副本，施加随机翻转、90° 旋转和小幅仿射变换（旋转 ±30°，缩放 0.8–1.2，错切 ±10°）；标注严格随之变换（最邻近法），从切片外引入的像元被忽略。验证切片和测试切片不做增强。

&lt;b&gt;输出&lt;/b&gt;：输出文件夹（OUTPUT_FOLDER）：manifest.json（类别、波段、像元大小、训练切片各波段原始单位的均值和标准差、各数据集中每个类别的像元数）、patches.csv（每个切片的位置及所属块），以及以 NumPy .npy 分片形式存放在 train/、val/ 和 test/ 下的切片。文件夹中原有的样本集将被替换；勾选“添加到文件夹中已有的样本”时则保留并扩充原样本集（由多幅影像组成一个样本集：每幅影像运行一次，例如在批处理对话框中；类别、波段和切片大小须一致，波段统计量合并计算）；运行被取消或失败时，文件夹保持原样。场景按块读取，因此内存占用不随场景大小增长。MANIFEST：manifest.json 的路径；TRAIN_PATCHES、VAL_PATCHES、TEST_PATCHES：各数据集的切片数。

&lt;b&gt;单位与约定&lt;/b&gt;：默认类别索引为 0 其他、1 露天采场、2 水域、3 植被、4 生活区、5 工业广场、6 堆放场（排土场）、7 尾矿库；标注 255 = 未标注（忽略）。切片大小、步长和块大小以像元计；划分比例以百分比计；影像值保持原始单位。

&lt;b&gt;示例&lt;/b&gt;：qgis_process.bin run minewatch:createtrainingsamples -- INPUT=gf2.tif LABELS=labels.gpkg CLASS_FIELD=class AUGMENT=3 OUTPUT_FOLDER=samples</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="130" />
      <source>Labels (class raster or polygon layer)</source>
      <translation>标注（类别栅格或多边形图层）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="133" />
      <source>Class field (polygon labels: class index or name)</source>
      <translation>类别字段（多边形标注：类别索引或名称）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="136" />
      <source>Pixels outside every polygon</source>
      <translation>不在任何多边形内的像元</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="137" />
      <source>class 0 (background)</source>
      <translation>类别 0（其他）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="137" />
      <source>ignored (unlabelled)</source>
      <translation>忽略（未标注）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="140" />
      <source>Classes, comma-separated in index order, or value=name pairs [empty: those the label raster stores, else the 8 land-damage classes]</source>
      <translation>类别，按索引顺序以逗号分隔，或“取值=名称”对 [留空：标注栅格中存储的类别，若无则为 8 个土地损毁类别]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="143" />
      <source>Unlabelled label value [empty: none besides 255 and nodata]</source>
      <translation>未标注值 [留空：除 255 和无数据值外没有]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="147" />
      <source>Image bands, in model input order [empty: all]</source>
      <translation>影像波段，按模型输入顺序 [留空：全部]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="150" />
      <source>Patch size, px</source>
      <translation>切片大小，像素</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="153" />
      <source>Stride, px [empty: the patch size]</source>
      <translation>步长，像素 [留空：等于切片大小]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="157" />
      <source>Augmentation multiplier (1 = none)</source>
      <translation>增强倍数（1 = 不增强）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="160" />
      <source>Split train,val,test, %</source>
      <translation>训练、验证、测试集划分比例，%</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="162" />
      <source>Min labelled fraction of a patch [empty: chosen from the labels]</source>
      <translation>切片最小标注比例 [留空：根据标注自动选择]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="168" />
      <source>Split block size, px [empty: 4 × patch size]</source>
      <translation>划分块大小，像素 [留空：4 × 切片大小]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="177" />
      <source>Add to the samples already in the folder</source>
      <translation>添加到文件夹中已有的样本</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="179" />
      <source>Output folder</source>
      <translation>输出文件夹</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="180" />
      <source>Manifest (manifest.json)</source>
      <translation>清单文件（manifest.json）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="181" />
      <source>Train patches</source>
      <translation>训练切片数</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="182" />
      <source>Validation patches</source>
      <translation>验证切片数</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="183" />
      <source>Test patches</source>
      <translation>测试切片数</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="205" />
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="128" />
      <source>Image</source>
      <translation>影像</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="208" />
      <source>Labels</source>
      <translation>标注</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="217" />
      <source>Give an output folder for the samples.</source>
      <translation>请指定样本的输出文件夹。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="218" />
      <source>Classes (stored in the labels): {classes}.</source>
      <translation>类别（取自标注中存储的类别）：{classes}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="219" />
      <source>Classes: {classes}.</source>
      <translation>类别：{classes}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="233" />
      <source>The labels are a raster: 'Class field' is not used.</source>
      <translation>标注为栅格：不使用“类别字段”。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="246" />
      <source>The labels must be a class raster or a polygon layer with a class field.</source>
      <translation>标注必须是类别栅格，或带有类别字段的多边形图层。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="253" />
      <source>{train} train, {val} validation and {test} test patches of {size} px from {btrain}/{bval}/{btest} blocks of {block} px; augmentation × {augment}.</source>
      <translation>由 {btrain}/{bval}/{btest} 个 {block} 像素的块生成 {size} 像素切片：训练 {train} 个、验证 {val} 个、测试 {test} 个；增强 × {augment}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="261" />
      <source>{split} pixels per class: {counts}</source>
      <translation>{split} 各类别像元数：{counts}</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="263" />
      <source>Band mean {mean}, standard deviation {std} (raw units, train patches).</source>
      <translation>波段均值 {mean}，标准差 {std}（原始单位，训练切片）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="52" />
      <source>Detect Land Damage Change</source>
      <translation>土地损毁变化检测</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="55" />
      <source>Compare two land-damage class maps: new damage, restored land, transitions in km².</source>
      <translation>对比两期土地损毁分类图：新增损毁、已复垦土地及转移面积（km²）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="60" />
      <source>Compares the land-damage class maps of two dates (e.g. from Classify Land Damage on last year's and this year's images) and says what was newly damaged, what was restored, where, and how much.

&lt;b&gt;Inputs&lt;/b&gt;: Earlier and Later land-damage class map (class indices, the same class table). They may differ in grid, resolution and CRS: the earlier map is read onto the later map's grid by nearest neighbour. Class names, in index order (empty = the 8 land-damage classes, otherwise their names comma-separated in index order), or a class value table such as '1=background,2=open pit,…' (as in Create Training Samples) for maps whose values are not the class indices: values not in the table (e.g. 0 = unlabelled) are left out. Minimum mapping unit, m² (default 100; see below). Advanced: Classes to leave out (indices or names, comma-separated — label values with a class value table; e.g. water whose level varies). Pixels that are no data in either map, or of an ignored class, are left out.

&lt;b&gt;Change kinds&lt;/b&gt; (from each class's damage type): new damage — not damaged (vegetation, background) → excavation or occupation (counted under the new class's type); restored — damaged → vegetation or background (counted under the old type); persisting — the same damage class in both years; changed — one damage class became another.

&lt;b&gt;Minimum mapping unit&lt;/b&gt; (m²): connected patches (8-connected) of one transition smaller than it take the transition around them, so single misclassified pixels do not count as change; 0 keeps every pixel.

&lt;b&gt;Outputs&lt;/b&gt;: Land-damage transitions (OUTPUT): the transition raster, a colour per transition: the new class's colour for new damage, green for restored land, grey where nothing changed; legend 'open pit → vegetation'. Change polygons (OUTPUT_POLYGONS, optional): one per patch that changed, with from_class, to_class, from_name, to_name, change (kind), damage_type and area_m2. Change report (OUTPUT_REPORT, optional HTML): damage by type, a bar chart of new and restored land, the transition matrix in km². NEW_DAMAGE_KM2, RESTORED_KM2 and CHANGE_BY_TYPE_KM2 (JSON: damage type → kind → km²).

&lt;b&gt;Units and conventions&lt;/b&gt;: transition code = from·16 + to (class indices); 255 = no data in either map or an ignored class. The transitions are on the later map's grid and CRS. Polygon areas in m², totals in km².

&lt;b&gt;Example&lt;/b&gt;: qgis_process.bin run minewatch:detectlanddamagechange -- EARLIER=damage_2022.tif LATER=damage_2023.tif MIN_AREA=100 OUTPUT=change.tif OUTPUT_POLYGONS=change.gpkg OUTPUT_REPORT=change.html</source>
      <translation>对比两个日期的土地损毁分类图（例如用“土地损毁分类”分别处理去年和今年影像的结果），给出新增损毁和已复垦（恢复）土地的位置与面积。

&lt;b&gt;输入&lt;/b&gt;：前期和后期土地损毁分类图（类别索引，使用相同的类别表）。二者的网格、分辨率和坐标参考系可以不同：前期图按最邻近法读取到后期图的网格上。类别名称，按索引顺序（留空 = 8 个土地损毁类别，否则按索引顺序以逗号分隔填写名称），或类别取值表，例如 '1=background,2=open pit,…'（与“制作训练样本”相同），用于取值不是类别索引的分类图：不在表中的值（例如 0 = 未标注）不参与统计。最小制图单元，m²（默认 100；见下文）。高级：排除的类别（索引或名称，以逗号分隔——使用类别取值表时为标注值；例如水位多变的水域）。在任一期图中为无数据的像元或属于排除类别的像元不参与统计。

&lt;b&gt;变化类型&lt;/b&gt;（依据各类别的损毁类型）：新增损毁——未损毁（植被、其他）→ 挖损或压占（计入新类别的损毁类型）；已复垦——已损毁 → 植被或其他（计入原损毁类型）；持续损毁——两期为同一损毁类别；损毁类型变化——一种损毁类别变为另一种。

&lt;b&gt;最小制图单元&lt;/b&gt;（m²）：同一转移类型中面积小于该值的连通图斑（8 邻域）归并为其周围的转移类型，因此单个错分像元不会计为变化；0 表示保留每个像元。

&lt;b&gt;输出&lt;/b&gt;：土地损毁转移（OUTPUT）：转移栅格，每种转移一种颜色：新增损毁用新类别的颜色，已复垦土地为绿色，未变化处为灰色；图例形如“露天采场 → 植被”。变化图斑（OUTPUT_POLYGONS，可选）：每个发生变化的图斑一个要素，包含 from_class、to_class、from_name、to_name、change（变化类型）、damage_type 和 area_m2。变化报告（OUTPUT_REPORT，可选 HTML）：按损毁类型统计的损毁情况、新增与已复垦土地柱状图，以及以 km² 计的转移矩阵。NEW_DAMAGE_KM2、RESTORED_KM2 和 CHANGE_BY_TYPE_KM2（JSON：损毁类型 → 变化类型 → km²）。

&lt;b&gt;单位与约定&lt;/b&gt;：转移代码 = from·16 + to（from、to 为类别索引）；255 = 任一期图中为无数据或属于排除类别。转移结果采用后期图的网格和坐标参考系。图斑面积以 m² 计，合计以 km² 计。

&lt;b&gt;示例&lt;/b&gt;：qgis_process.bin run minewatch:detectlanddamagechange -- EARLIER=damage_2022.tif LATER=damage_2023.tif MIN_AREA=100 OUTPUT=change.tif OUTPUT_POLYGONS=change.gpkg OUTPUT_REPORT=change.html</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="101" />
      <source>Earlier land-damage class map</source>
      <translation>前期土地损毁分类图</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="103" />
      <source>Later land-damage class map</source>
      <translation>后期土地损毁分类图</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="105" />
      <source>Class names, in index order, or value=name pairs</source>
      <translation>类别名称，按索引顺序，或“值=名称”对</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="112" />
      <source>Classes to leave out (indices or names, comma-separated)</source>
      <translation>排除的类别（索引或名称，以逗号分隔）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="115" />
      <source>Name of the earlier map in the report, e.g. its year [empty: its layer or file name and date]</source>
      <translation>报告中前期分类图的名称，例如年份 [留空：使用其图层名或文件名及日期]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="119" />
      <source>Name of the later map in the report, e.g. its year [empty: its layer or file name and date]</source>
      <translation>报告中后期分类图的名称，例如年份 [留空：使用其图层名或文件名及日期]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="123" />
      <source>Land-damage transitions</source>
      <translation>土地损毁转移</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="128" />
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="132" />
      <source>HTML files (*.html *.htm)</source>
      <translation>HTML 文件 (*.html *.htm)</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="131" />
      <source>New damage, km²</source>
      <translation>新增损毁，km²</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="133" />
      <source>Restored land, km²</source>
      <translation>已复垦土地，km²</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="135" />
      <source>Change per damage type, km² (JSON)</source>
      <translation>各损毁类型的变化，km²（JSON）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="158" />
      <source>Classes to leave out</source>
      <translation>排除的类别</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="169" />
      <source>Comparing the class maps…</source>
      <translation>正在对比分类图…</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="184" />
      <source>New damage {new:.4f} km², restored {restored:.4f} km².</source>
      <translation>新增损毁 {new:.4f} km²，已复垦 {restored:.4f} km²。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="206" />
      <source>Other change (no damage before or after)</source>
      <translation>其他变化（前后均无损毁）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="219" />
      <source>Earlier map: {path}</source>
      <translation>前期图：{path}</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="220" />
      <source>Later map: {path}</source>
      <translation>后期图：{path}</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="227" />
      <source>earlier map</source>
      <translation>前期分类图</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="227" />
      <source>later map</source>
      <translation>后期分类图</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="258" />
      <source>Could not write the change polygons: {error}</source>
      <translation>无法写出变化图斑：{error}</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="76" />
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="24" />
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="32" />
      <source>PS-InSAR</source>
      <translation>PS-InSAR</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="83" />
      <source>Detect Subsidence Anomalies</source>
      <translation>沉降异常检测</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="86" />
      <source>Find suspected underground mining under buildings from PS-InSAR time series.</source>
      <translation>利用 PS-InSAR 时间序列发现建筑物下方的疑似地下开采。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="90" />
      <source>Finds suspected underground mining sites under villages from PS-InSAR time series: buildings and PS that settle like a mine beneath them, grouped into sites inside or outside licensed mining areas; the sites outside are the unlicensed suspects an inspector visits.

&lt;b&gt;Inputs&lt;/b&gt;: PS points (one field per date): one numeric field per acquisition date named YYYYMMDD, DYYYYMMDD, D_YYYYMMDD or YYYY-MM-DD (EGMS, MintPy, StaMPS exports); dates are sorted by date; NULL or text values are missing data, never zero. Points, or MultiPoints of one point each. A CSV file takes its positions from columns easting/northing, x/y or lon/lat (lon/lat values in degrees are read as WGS 84), or from the advanced X and Y columns; a StaMPS time-series export (stamps_tsexport.csv) is read as it comes; MintPy and LiCSBAS HDF5 files go through Import PS Time Series first. Date fields (empty: every field named as a date). Units of the displacement values (millimetres, the default, metres or centimetres; when the series' date-to-date noise does not fit the unit, the log names the likely one). Sign convention (default: negative = settlement, LOS away from the satellite, EGMS). Buildings (polygons, projected CRS). Licensed mining areas (polygons, optional). Method: Subsidence bowls (default) or Patent cascade. Radar band (for unwrapping errors): auto (default: the band the dates' median revisit points to — 6, 12 or 24 days C-band, 11 or 16 days X-band, 14 or 46 days L-band — said in the log; other revisits get no correction), C-band (Sentinel-1, λ 55.5 mm), L-band (ALOS PALSAR, λ 236 mm), X-band (TerraSAR-X, COSMO-SkyMed, λ 31 mm) or unknown (no correction). Subsidence bowls: minimum site score (0–1, default 0.5). Advanced: Wavelength λ, mm (empty: from the radar band) and Dask scheduler (empty = in this process; 'local' = a Dask LocalCluster on this machine's cores; tcp://host:8786 = a running scheduler): the PS file is cut into spatial tiles with a halo, each read and judged by a worker, and the sites are built from all tiles at once, so a bowl across a tile border is one site and the result equals the in-process one; this process then holds the positions only, never the series (the PS must be a GeoPackage, Shapefile or CSV file). Patent cascade only (advanced): Settlement step δ between consecutive dates (mm, default 10), Neighbourhood radius d (m, default 100), Cumulative settlement δz over the window (mm, default 80), Site distance (m, default 50). Start and End of the monitoring window t0, t1 (empty: the first and the last date).

&lt;b&gt;Subsidence bowls&lt;/b&gt; (default) looks for the bowl a mine makes: it removes each date's smooth background (atmosphere, regional motion), takes out phase-unwrapping jumps (a step of k·λ/2 that no neighbour shares; set the radar band or the wavelength), and keeps PS whose cumulative settlement, smoothed over their neighbours within 40 m (over their 24 nearest where the network is denser), exceeds 30 mm with at least one more settling PS around them, so a lone moving PS is never a site. PS that stand out from the first background are left out of a second one, so a bowl does not pull its own background. Each bowl gives one site at its settlement-weighted centre (fragments of one bowl whose periods overlap are merged), with onset and stop from a ramp fit of its settlement. Each PS of the site is also fitted on its own (robust fit of trend + annual thermal term, with a break into settlement, or the decaying settlement of a new building): a group whose PS mostly consolidate from the first date is a new building, not a site. Sites get a score in 0–1 (Minimum site score), the bowl radius, the rate while active, the share of PS whose own series breaks into settlement, the seasonal amplitude and lon/lat for GPS. Weaker evidence is reported in tier 2 (field tier = 2, score at most 0.45, after the sites; field tier2_reason and the report say why): a group with a single settling PS (lone), whose surroundings (2–5 bowl radii) settle more than half as much as its core (moving; field surroundings_share: a mine's bowl stands in still ground), or whose settling PS mostly move steadily without a break into settlement (steady: a creeping slope); and, whatever the Minimum site score, a PS on a building that sinks 100 mm or more alone (no PS within 40 m settling a quarter as much), starting after the first acquisitions and along a ramp over several acquisitions (not one unwrapping step).

&lt;b&gt;Patent cascade&lt;/b&gt; is the patent's method, with settlement s(t) in mm (Settlement step, Radius, Cumulative, Site distance apply to it only): only PS inside a building polygon take part. For each pair of consecutive dates inside the monitoring window: step Δ = s(t_k+1) − s(t_k); seeds have Δ &gt; δ (Settlement step); for each seed, G = mean over the other building PS within d metres (Radius) of |Δ_i − Δ_j| / distance (mm/m); η = mean + standard deviation of G over that pair's seeds; a seed with G &gt; η is flagged at that pair. A seed without neighbours has no G and is not flagged. A flagged PS is anomalous when its cumulative settlement Z = s(t1) − s(t0) over the window (first and last valid values) exceeds δz (Cumulative).

&lt;b&gt;Reading the result&lt;/b&gt;: the first and last flagged date pairs bound the estimated mining period of each point. Anomalous PS closer than the Site distance form one suspected site, placed at their centroid; its estimated start/end count only date pairs at which several of its PS are flagged together (flag_start/flag_end give the raw bounds). A site is 'licensed' when its centroid lies inside a licensed mining-right polygon, a building when it intersects one; sites outside are the unlicensed suspects an inspector visits. Expect the flagged building to sit over the worked coal, which may be tens of metres from the shaft.

&lt;b&gt;Outputs&lt;/b&gt;: Anomalous building PS (OUTPUT_POINTS): points with pid, building_id, site_id, first_flag, last_flag, n_flagged, max_step_mm, gradient_mm_m, eta_mm_m, cum_mm. Buildings with anomalous PS (OUTPUT_BUILDINGS): the buildings' own fields plus building_id, n_ps, n_anomalous, max_cum_mm, est_start, est_end, flag_start, flag_end, site_id, licensed. Suspected mining sites (OUTPUT_SITES): points with site_id, n_buildings, n_points, max_cum_mm, est_start, est_end, flag_start, flag_end, licensed, score, method, bowl_radius_m, max_settlement_mm, rate_mm_per_year, onset_date, stop_date, n_ps, n_unwrap_corrected, ps_mining_share, seasonal_mm, lon, lat, tier (1: a site, 2: weaker evidence), surroundings_share, tier2_reason (lone, moving or steady). Inspector's report (OUTPUT_REPORT, optional HTML). N_ANOMALOUS_POINTS and N_SITES: the numbers of anomalous PS and of suspected sites.

&lt;b&gt;Units and conventions&lt;/b&gt;: displacement is line-of-sight in the chosen units; with the default sign convention negative = away from the satellite = settlement (EGMS). Settlements are in mm (fields *_mm), gradients in mm/m, rates in mm per year, distances and radii in m, scores 0–1, lon/lat in WGS 84 degrees. Distances need metres: layers are reprojected to the buildings' CRS, which must be projected; the output layers are in that CRS. 'licensed' is empty without licensed areas.

&lt;b&gt;Example&lt;/b&gt;: qgis_process.bin run minewatch:detectsubsidenceanomalies -- PS_POINTS=egms.csv BUILDINGS=buildings.gpkg LICENCE_AREAS=licences.gpkg OUTPUT_POINTS=ps.gpkg OUTPUT_BUILDINGS=flagged.gpkg OUTPUT_SITES=sites.gpkg OUTPUT_REPORT=report.html</source>
      <translation>利用 PS-InSAR 时间序列发现村庄下方的疑似地下开采点：找出呈现下方采矿特征沉降的建筑物和 PS 点，并将其归并为位于采矿权范围内或范围外的开采点；范围外的即为核查人员需要实地核查的疑似非法开采（越界开采）点。

&lt;b&gt;输入&lt;/b&gt;：PS 点（每个日期一个字段）：每个获取日期一个数值字段，命名为 YYYYMMDD、DYYYYMMDD、D_YYYYMMDD 或 YYYY-MM-DD（EGMS、MintPy、StaMPS 导出格式）；日期按时间排序；NULL 或文本值视为缺失数据，绝不当作零。可以是点，或每个仅含一个点的 MultiPoint。CSV 文件的点位取自 easting/northing、x/y 或 lon/lat 列（以度为单位的 lon/lat 按 WGS 84 读取），或取自高级参数中指定的 X、Y 列；StaMPS 时间序列导出文件（stamps_tsexport.csv）可原样读取；MintPy 和 LiCSBAS 的 HDF5 文件请先用“导入 PS 时间序列”转换。日期字段（留空：所有以日期命名的字段）。形变值单位（毫米，默认；米或厘米；若序列逐期噪声与所选单位不符，日志会指出可能的单位）。符号约定（默认：负值 = 沉降，即视线向（LOS）远离卫星，与 EGMS 相同）。建筑物（多边形，投影坐标系）。采矿权范围（多边形，可选）。方法：沉降漏斗法（默认）或专利级联法。雷达波段（用于校正解缠误差）：auto（默认：按日期的中位重访周期判断——6、12 或 24 天为 C 波段，11 或 16 天为 X 波段，14 或 46 天为 L 波段——并记入日志；其他周期不校正）、C 波段（Sentinel-1，λ 55.5 mm）、L 波段（ALOS PALSAR，λ 236 mm）、X 波段（TerraSAR-X、COSMO-SkyMed，λ 31 mm）或未知（不校正）。沉降漏斗法：疑似开采点最低评分（0–1，默认 0.5）。高级：波长 λ，mm（留空：由雷达波段确定）和 Dask 调度器（留空 = 在本进程中运行；“local” = 在本机各核上启动 Dask LocalCluster；tcp://host:8786 = 已运行的调度器）：PS 文件被切成带缓冲区（halo）的空间分块，每块由一个 worker 读取并判别，再由全部分块一起构建疑似开采点，因此跨分块边界的沉降漏斗仍是一个开采点，结果与本进程运行相同；此时本进程只保存点位，从不保存时间序列（PS 须为 GeoPackage、Shapefile 或 CSV 文件）。仅用于专利级联法（高级）：相邻日期间的沉降步长 δ（mm，默认 10）、邻域半径 d（m，默认 100）、监测时段内的累计沉降量 δz（mm，默认 80）、开采点合并距离（m，默认 50）。监测时段的起点和终点 t0、t1（留空：第一个和最后一个日期）。

&lt;b&gt;沉降漏斗法&lt;/b&gt;（默认）寻找地下开采形成的沉降漏斗：先去除每个日期的平滑背景（大气、区域性形变），再剔除相位解缠跳变（周围点均无的 k·λ/2 阶跃；需设置雷达波段或波长），然后保留这样的 PS 点：其累计沉降量经 40 m 内邻点平滑（点网更密处改用最近的 24 个邻点）后超过 30 mm，且周围至少还有一个正在沉降的 PS 点，因此孤立的运动 PS 点绝不会成为开采点。在第一次背景中明显突出的 PS 点不参与第二次背景计算，因此沉降漏斗不会拉低其自身的背景。每个沉降漏斗在其沉降加权中心生成一个开采点（同一漏斗中时段重叠的碎片会合并），开始时间和停止时间由其沉降的斜坡拟合得到。开采点中的每个 PS 点还会单独拟合（趋势项 + 年周期热胀项的稳健拟合，含转入沉降的断点，或新建建筑物的衰减沉降）：若一组 PS 点大多从第一个日期起即处于固结沉降，则为新建建筑物，而非开采点。每个开采点给出 0–1 的评分（疑似开采点最低评分）、漏斗半径、活动期沉降速率、自身序列出现沉降断点的 PS 点比例、季节性振幅以及供 GPS 使用的经纬度。较弱的证据作为第二级报告（字段 tier = 2，评分不超过 0.45，排在开采点之后；字段 tier2_reason 和报告中说明原因）：只有一个 PS 点在沉降的点群（lone），周边（2–5 倍漏斗半径范围内）的 PS 点沉降量超过其核心一半的点群（moving；字段 surroundings_share：开采沉降漏斗周围的地面是稳定的），或其正在沉降的 PS 点大多持续匀速运动、没有转入沉降的断点的点群（steady：如缓慢蠕滑的斜坡）；以及，不受“疑似开采点最低评分”限制，建筑物上单独沉降 100 mm 以上的 PS 点（40 m 内没有沉降量达其四分之一的 PS 点），其沉降在最初几期之后开始、并沿斜坡持续多期（而非单次解缠阶跃）。

&lt;b&gt;专利级联法&lt;/b&gt;即专利中的方法，沉降量 s(t) 以 mm 计（沉降步长、邻域半径、累计沉降量和开采点合并距离仅对该方法有效）：只有位于建筑物多边形内的 PS 点参与计算。对监测时段内每对相邻日期：步长 Δ = s(t_k+1) − s(t_k)；Δ &gt; δ（沉降步长）的点为种子点；对每个种子点，G = 距其 d 米（邻域半径）以内其他建筑物 PS 点的 |Δ_i − Δ_j| / 距离 的均值（mm/m）；η = 该日期对所有种子点 G 的均值 + 标准差；G &gt; η 的种子点在该日期对上被标记。没有邻点的种子点没有 G 值，不会被标记。被标记的 PS 点在监测时段内的累计沉降量 Z = s(t1) − s(t0)（取首末有效值）超过 δz（累计沉降量）时，判为异常。

&lt;b&gt;结果解读&lt;/b&gt;：第一个和最后一个被标记的日期对界定了每个点的估计开采时段。相距小于开采点合并距离的异常 PS 点构成一个疑似开采点，位于其质心；其估计的开始/结束时间只计入有多个 PS 点同时被标记的日期对（flag_start/flag_end 给出原始边界）。开采点的质心位于采矿权多边形内时记为“licensed”（在采矿权范围内），建筑物则在与采矿权多边形相交时如此记录；范围外的开采点即为核查人员需要实地核查的疑似非法开采点。被标记的建筑物通常位于采空煤层的上方，可能距井口数十米。

&lt;b&gt;输出&lt;/b&gt;：异常建筑物 PS 点（OUTPUT_POINTS）：点图层，字段为 pid、building_id、site_id、first_flag、last_flag、n_flagged、max_step_mm、gradient_mm_m、eta_mm_m、cum_mm。含异常 PS 点的建筑物（OUTPUT_BUILDINGS）：建筑物原有字段，外加 building_id、n_ps、n_anomalous、max_cum_mm、est_start、est_end、flag_start、flag_end、site_id、licensed。疑似开采点（OUTPUT_SITES）：点图层，字段为 site_id、n_buildings、n_points、max_cum_mm、est_start、est_end、flag_start、flag_end、licensed、score、method、bowl_radius_m、max_settlement_mm、rate_mm_per_year、onset_date、stop_date、n_ps、n_unwrap_corrected、ps_mining_share、seasonal_mm、lon、lat、tier（1：开采点；2：证据较弱）、surroundings_share、tier2_reason（lone、moving 或 steady）。核查报告（OUTPUT_REPORT，可选 HTML）。N_ANOMALOUS_POINTS 和 N_SITES：异常 PS 点数和疑似开采点数。

&lt;b&gt;单位与约定&lt;/b&gt;：形变为所选单位下的视线向（LOS）形变；采用默认符号约定时，负值 = 远离卫星 = 沉降（EGMS）。沉降量以 mm 计（字段 *_mm），梯度以 mm/m 计，速率以 mm/年计，距离和半径以 m 计，评分为 0–1，经纬度为 WGS 84 坐标（度）。距离计算需要以米为单位：各图层会重投影到建筑物图层的坐标参考系，该坐标系必须为投影坐标系；输出图层也采用该坐标系。未提供采矿权范围时，'licensed' 字段为空。

&lt;b&gt;示例&lt;/b&gt;：qgis_process.bin run minewatch:detectsubsidenceanomalies -- PS_POINTS=egms.csv BUILDINGS=buildings.gpkg LICENCE_AREAS=licences.gpkg OUTPUT_POINTS=ps.gpkg OUTPUT_BUILDINGS=flagged.gpkg OUTPUT_SITES=sites.gpkg OUTPUT_REPORT=report.html</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="202" />
      <source>Date fields [empty: every field named as a date]</source>
      <translation>日期字段 [留空：所有以日期命名的字段]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="205" />
      <source>Units of the displacement values</source>
      <translation>位移值单位</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="206" />
      <source>millimetres (mm)</source>
      <translation>毫米（mm）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="206" />
      <source>metres (m)</source>
      <translation>米（m）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="207" />
      <source>centimetres (cm)</source>
      <translation>厘米（cm）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="209" />
      <source>Sign convention</source>
      <translation>符号约定</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="210" />
      <source>negative = settlement (LOS away from satellite, EGMS)</source>
      <translation>负值 = 沉降（LOS 方向远离卫星，EGMS）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="211" />
      <source>positive = settlement</source>
      <translation>正值 = 沉降</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="213" />
      <source>Buildings (polygons, projected CRS)</source>
      <translation>建筑物（多边形，投影坐标系）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="219" />
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="77" />
      <source>Method</source>
      <translation>方法</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="220" />
      <source>Subsidence bowls (robust)</source>
      <translation>沉降漏斗（稳健法）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="221" />
      <source>Patent cascade (step, gradient, cumulative)</source>
      <translation>专利级联判别（步长、梯度、累计）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="223" />
      <source>Radar band (for unwrapping errors)</source>
      <translation>雷达波段（用于解缠误差校正）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="224" />
      <source>C-band (Sentinel-1, λ 55.5 mm)</source>
      <translation>C 波段（Sentinel-1，λ 55.5 mm）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="224" />
      <source>L-band (ALOS PALSAR, λ 236 mm)</source>
      <translation>L 波段（ALOS PALSAR，λ 236 mm）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="225" />
      <source>X-band (TerraSAR-X, COSMO-SkyMed, λ 31 mm)</source>
      <translation>X 波段（TerraSAR-X、COSMO-SkyMed，λ 31 mm）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="226" />
      <source>unknown (no correction)</source>
      <translation>未知（不校正）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="227" />
      <source>auto (from the revisit of the dates)</source>
      <translation>自动（按日期的重访周期）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="230" />
      <source>Subsidence bowls: minimum site score (0–1)</source>
      <translation>沉降漏斗法：疑似开采点最低评分（0–1）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="232" />
      <source>Start of the monitoring window t0 [empty: first date]</source>
      <translation>监测时段起始 t0 [留空：第一个日期]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="233" />
      <source>End of the monitoring window t1 [empty: last date]</source>
      <translation>监测时段结束 t1 [留空：最后一个日期]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="240" />
      <source>Patent cascade: settlement step δ between consecutive dates (mm)</source>
      <translation>专利级联法：相邻日期间的沉降步长 δ（mm）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="242" />
      <source>Patent cascade: neighbourhood radius d (m)</source>
      <translation>专利级联法：邻域半径 d（m）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="243" />
      <source>Patent cascade: cumulative settlement δz over the window (mm)</source>
      <translation>专利级联法：监测时段内的累计沉降量 δz（mm）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="245" />
      <source>Patent cascade: site distance, anomalous PS closer than this form one site (m)</source>
      <translation>专利级联法：开采点合并距离，距离小于此值的异常 PS 归为同一开采点（m）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="249" />
      <source>Wavelength λ, mm [empty: from the radar band]</source>
      <translation>波长 λ，mm [留空：由雷达波段确定]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="257" />
      <source>X (easting or longitude) column of a CSV [empty: found by name]</source>
      <translation>CSV 的 X（东坐标或经度）列 [留空：按列名查找]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="260" />
      <source>Y (northing or latitude) column of a CSV [empty: found by name]</source>
      <translation>CSV 的 Y（北坐标或纬度）列 [留空：按列名查找]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="270" />
      <source>HTML files (*.html)</source>
      <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="273" />
      <source>Number of anomalous PS</source>
      <translation>异常 PS 点数量</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="274" />
      <source>Number of suspected sites</source>
      <translation>疑似开采点数量</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="293" />
      <source>'{value}' is not a date; write it as YYYY-MM-DD.</source>
      <translation>“{value}”不是日期，请按 YYYY-MM-DD 格式填写。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="299" />
      <source>The buildings layer has no coordinate reference system. Set its CRS (Layer Properties &gt; Source) to the projected CRS it is in.</source>
      <translation>建筑物图层没有坐标参考系。请将其坐标参考系（图层属性 &gt; 源）设置为数据实际所用的投影坐标系。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="303" />
      <source>The buildings layer is in the geographic CRS {crs} (degrees), but the radius and distances are in metres. Reproject the buildings to a projected CRS (e.g. the local UTM zone or CGCS2000 Gauss-Krüger) with Vector &gt; Data Management &gt; Reproject Layer, then run again.</source>
      <translation>建筑物图层使用地理坐标系 {crs}（单位为度），但半径和距离以米为单位。请使用“矢量 &gt; 数据管理工具 &gt; 重投影图层”将建筑物重投影到投影坐标系（如当地 UTM 分带或 CGCS2000 高斯-克吕格投影），然后重新运行。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="322" />
      <source>A StaMPS time-series export: {count} PS × {dates} dates ({first} … {last}), lon/lat in WGS 84, displacements in mm (negative = away from the satellite).</source>
      <translation>StaMPS 时间序列导出文件：{count} 个 PS × {dates} 期（{first} … {last}），经纬度为 WGS 84，形变单位 mm（负值 = 远离卫星）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="354" />
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="75" />
      <source>PS points</source>
      <translation>PS 点</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="359" />
      <source>On a Dask cluster the workers read the PS from their file, tile by tile: give the PS as a GeoPackage, Shapefile or CSV file layer (not a memory or database layer, a selection or a filtered layer), or leave the Dask scheduler empty.</source>
      <translation>在 Dask 集群上，各 worker 从 PS 文件中分块读取数据：请以 GeoPackage、Shapefile 或 CSV 文件图层提供 PS（不能是内存图层、数据库图层、选中要素或经过筛选的图层），或将 Dask 调度器留空。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="377" />
      <source>The CSV names no CRS; its longitude/latitude columns hold degrees, so they are read as WGS 84 (EPSG:4326).</source>
      <translation>该 CSV 未给出坐标参考系；其经度/纬度列为度，因此按 WGS 84（EPSG:4326）读取。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="381" />
      <source>The CSV has no CRS; its coordinates are taken to be in the buildings' CRS {crs}. Load it as delimited text with a CRS if they are not.</source>
      <translation>CSV 没有坐标参考系，其坐标将被视为采用建筑物图层的坐标参考系 {crs}。如果不是，请以带坐标参考系的分隔文本方式加载。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="397" />
      <source>The PS layer holds no point (a file with only a header?). Give the PS time-series layer with one row per PS.</source>
      <translation>PS 图层不含任何点（文件是否只有表头？）。请提供每行一个 PS 点的 PS 时间序列图层。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="403" />
      <source>Fields not used as dates: {names}</source>
      <translation>未用作日期的字段：{names}</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="405" />
      <source>{n} PS × {t} dates ({first} … {last}), read {how}.</source>
      <translation>{n} 个 PS 点 × {t} 个日期（{first} … {last}），{how}读取。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="407" />
      <source>by the workers, tile by tile</source>
      <translation>由各 worker 分块读取</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="408" />
      <source>from the file</source>
      <translation>从文件</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="408" />
      <source>through QGIS features</source>
      <translation>通过 QGIS 要素</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="419" />
      <source>The buildings layer has no features.</source>
      <translation>建筑物图层没有要素。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="490" />
      <source>Reading PS points…</source>
      <translation>正在读取 PS 点…</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="510" />
      <source>Overlaying PS on buildings…</source>
      <translation>正在叠加 PS 点与建筑物…</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="514" />
      <source>Buildings layer: {skipped} feature(s) without a usable polygon (empty, NULL or not a polygon) were skipped and {repaired} invalid polygon(s) were repaired (Fix Geometries does the same).</source>
      <translation>建筑物图层：已跳过 {skipped} 个没有可用多边形（空、NULL 或非多边形）的要素，并修复了 {repaired} 个无效多边形（与“修复几何图形”工具的效果相同）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="519" />
      <source>The buildings layer holds no usable polygon ({skipped} feature(s) skipped: empty, NULL or lines/points). Give the building footprints as polygons, e.g. the output of Extract Buildings.</source>
      <translation>建筑物图层中没有可用的面（跳过了 {skipped} 个要素：空、NULL 或线/点）。请以面的形式提供建筑物轮廓，例如“提取建筑物”的输出。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="536" />
      <source>The licensed-areas layer has no features, so no site can be told licensed or unlicensed; the 'licensed' fields are left empty. Check the layer.</source>
      <translation>采矿权范围图层没有要素，因此无法判断疑似开采点是否位于采矿权范围内；“licensed”字段留空。请检查该图层。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="544" />
      <source>The licensed-areas layer holds no usable polygon ({skipped} feature(s) skipped: empty, NULL or lines/points). Give the licensed mining areas as polygons, or leave Licensed mining areas empty.</source>
      <translation>采矿权范围图层中没有可用的多边形（跳过了 {skipped} 个要素：空、NULL 或线/点）。请以多边形提供采矿权范围，或将“采矿权范围”留空。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="549" />
      <source>Licensed-areas layer: {skipped} feature(s) without a usable polygon were skipped and {repaired} invalid polygon(s) were repaired.</source>
      <translation>采矿权范围图层：跳过了 {skipped} 个没有可用多边形的要素，修复了 {repaired} 个无效多边形。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="601" />
      <source>Could not write the flagged buildings: {error}</source>
      <translation>无法写入标记的建筑物：{error}</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="655" />
      <source>The PS layer's CRS {crs} is in degrees, but its coordinates are not (e.g. {x:.0f}, {y:.0f}): its CRS is missing or wrong. Set the CRS the coordinates are in (Layer Properties &gt; Source, or Vector &gt; Data Management &gt; Assign Projection) and run again.</source>
      <translation>PS 图层的坐标系 {crs} 以度为单位，但其坐标并不是度（例如 {x:.0f}, {y:.0f}）：坐标系缺失或有误。请设置坐标实际所在的坐标系（图层属性 &gt; 源，或 矢量 &gt; 数据管理工具 &gt; 定义投影）后重新运行。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="669" />
      <source>The PS coordinates could not be reprojected from {crs} to the buildings' CRS ({error}). Check the PS layer's CRS (Layer Properties &gt; Source).</source>
      <translation>无法将 PS 坐标从 {crs} 重投影到建筑物图层的坐标系（{error}）。请检查 PS 图层的坐标系（图层属性 &gt; 源）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="54" />
      <source>Evaluate Segmentation</source>
      <translation>分割精度评价</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="57" />
      <source>Score a class map against reference labels (MIoU, recall, precision, kappa).</source>
      <translation>以参考标注评价分类图精度（MIoU、召回率、精确率、Kappa 系数）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="61" />
      <source>Measures how well a class map (e.g. the output of Classify Land Damage) agrees with a reference: a class raster, or polygons with a class field; the accuracy figures to quote for a model or a map.

&lt;b&gt;Inputs&lt;/b&gt;: Predicted class map and its band (default 1). Reference (class raster or class polygons). Reference raster: the prediction is resampled by nearest neighbour onto the reference's grid, so the two may differ in resolution, extent and CRS; the scene is read window by window; advanced: Band of a multi-band reference raster. Reference polygons: they are burnt onto the prediction's grid (a pixel takes the class of the polygon holding its centre; where polygons overlap the later one wins); pixels outside every polygon are not counted. Their Class field holds a class index or a class name (English or Chinese). Ignore value (default 255): reference pixels not counted, e.g. 0 when your reference uses 0 for unlabelled. Classes: names in index order separated by commas; empty = the class names stored in the prediction (MineWatch class maps carry them), else in the reference raster, else classes 0 … the largest value found; given, they override them and fix the number of classes. A class value table '1=water,2=quarry,3=crops' (as in Create Training Samples) says which reference value is which class of the prediction, for references that count classes from 1.

&lt;b&gt;Not counted&lt;/b&gt;: reference nodata and pixels equal to the Ignore value; reference pixels without a prediction (outside the prediction or prediction nodata) — reported separately, never counted as errors; values outside the classes in either raster (reported).

&lt;b&gt;Scores&lt;/b&gt; from the confusion matrix (rows = reference, columns = prediction): per class IoU = TP/(TP+FP+FN), recall = TP/(TP+FN), precision = TP/(TP+FP), Dice = F1 = 2TP/(2TP+FP+FN); their means over the classes where they are defined (a score whose denominator is zero — e.g. the recall of a class absent from the reference — is undefined, left out of the mean and listed in the report); overall accuracy and Cohen's kappa over all counted pixels.

&lt;b&gt;Outputs&lt;/b&gt;: Accuracy report (OUTPUT_REPORT): HTML with the summary, the confusion matrix as a picture (colour = share of the reference row) and as a table, and per-class scores. OUTPUT_JSON: a JSON file with the same numbers, written beside it (same name, .json). Numeric outputs MIOU, MRECALL, MPRECISION, MDICE, OVERALL_ACCURACY, KAPPA; empty (None; null in qgis_process JSON) when undefined, e.g. kappa when both maps hold a single class.

&lt;b&gt;Units and conventions&lt;/b&gt;: scores are fractions 0–1. Class maps hold class indices; 255 is the default Ignore value. Rows of the confusion matrix are the reference, columns the prediction; pixels are counted on the reference raster's grid, or on the prediction's grid for reference polygons.

&lt;b&gt;Example&lt;/b&gt;: qgis_process.bin run minewatch:evaluatesegmentation -- PREDICTION=damage.tif REFERENCE=labels.gpkg REFERENCE_FIELD=class OUTPUT_REPORT=evaluation.html</source>
      <translation>衡量分类图（如“土地损毁分类”的输出）与参考数据的一致程度：参考数据可以是类别栅格，也可以是带类别字段的多边形；结果即为模型或图件可引用的精度指标。

&lt;b&gt;输入&lt;/b&gt;：预测分类图及其波段（默认 1）。参考数据（类别栅格或类别多边形）。参考栅格：预测结果按最邻近法重采样到参考栅格的格网上，因此两者的分辨率、范围和坐标参考系可以不同；影像按窗口分块读取；高级参数：多波段参考栅格的波段。参考多边形：多边形被栅格化到预测结果的格网上（像元取其中心所在多边形的类别；多边形重叠时以后者为准）；不在任何多边形内的像元不参与统计。其类别字段存储类别索引或类别名称（英文或中文）。忽略值（默认 255）：不参与统计的参考像元，例如参考数据以 0 表示未标注时填 0。类别：按索引顺序排列、以逗号分隔的名称；留空则使用预测结果中存储的类别名称（MineWatch 分类图带有类别名称），其次使用参考栅格中存储的名称，否则为类别 0 … 所发现的最大值；若填写，则覆盖上述名称并确定类别数。类别取值表 '1=water,2=quarry,3=crops'（与“制作训练样本”相同）说明参考数据的哪个值对应预测结果的哪个类别，适用于类别从 1 开始编号的参考数据。

&lt;b&gt;不参与统计&lt;/b&gt;：参考数据中的无数据像元及等于忽略值的像元；无预测值的参考像元（位于预测范围之外或预测为无数据）——单独报告，不计为错误；任一栅格中超出类别范围的值（会在报告中列出）。

&lt;b&gt;评分&lt;/b&gt;基于混淆矩阵（行 = 参考，列 = 预测）：各类别的交并比 IoU = TP/(TP+FP+FN)，召回率 = TP/(TP+FN)，精确率 = TP/(TP+FP)，Dice = F1 = 2TP/(2TP+FP+FN)；以及它们在有定义的类别上的平均值（分母为零的评分——如参考数据中不存在的类别的召回率——无定义，不计入平均值，并在报告中列出）；总体精度和 Cohen's Kappa 系数基于所有参与统计的像元计算。

&lt;b&gt;输出&lt;/b&gt;：精度报告（OUTPUT_REPORT）：HTML 报告，包含摘要、混淆矩阵图（颜色 = 占参考行的比例）和混淆矩阵表，以及各类别评分。OUTPUT_JSON：在报告旁写出的 JSON 文件（同名，扩展名为 .json），包含相同的数值。数值输出 MIOU、MRECALL、MPRECISION、MDICE、OVERALL_ACCURACY、KAPPA；无定义时为空（None；在 qgis_process JSON 中为 null），例如两幅图都只含一个类别时的 Kappa 系数。

&lt;b&gt;单位与约定&lt;/b&gt;：评分为 0–1 的小数。分类图存储类别索引；255 为默认忽略值。混淆矩阵的行为参考数据，列为预测结果；像元在参考栅格的格网上统计，参考数据为多边形时则在预测结果的格网上统计。

&lt;b&gt;示例&lt;/b&gt;：qgis_process.bin run minewatch:evaluatesegmentation -- PREDICTION=damage.tif REFERENCE=labels.gpkg REFERENCE_FIELD=class OUTPUT_REPORT=evaluation.html</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="110" />
      <source>Band of the class map</source>
      <translation>分类图波段</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="114" />
      <source>Reference (class raster or class polygons)</source>
      <translation>参考数据（类别栅格或类别多边形）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="117" />
      <source>Class field of the reference polygons (index or name)</source>
      <translation>参考多边形的类别字段（类别索引或名称）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="120" />
      <source>Band of a multi-band reference raster</source>
      <translation>多波段参考栅格的波段</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="124" />
      <source>Ignore value: unlabelled reference pixels, not counted</source>
      <translation>忽略值：未标注的参考像元，不参与统计</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="127" />
      <source>Classes: names in index order, comma-separated, or value=name pairs [empty: the names stored in the class map]</source>
      <translation>类别：按索引顺序以逗号分隔的名称，或“值=名称”对 [留空：分类图中存储的名称]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="132" />
      <source>Accuracy report</source>
      <translation>精度报告</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="133" />
      <source>Accuracy report (JSON)</source>
      <translation>精度报告（JSON）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="148" />
      <source>The reference must be a class raster or a polygon layer with a class field; '{value}' is neither.</source>
      <translation>参考数据必须是类别栅格或带类别字段的多边形图层；“{value}”两者都不是。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="152" />
      <source>The reference is a polygon layer: choose its class field (class index or class name) in 'Class field of the reference polygons'.</source>
      <translation>参考数据为多边形图层：请在“参考多边形的类别字段”中选择其类别字段（类别索引或类别名称）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="163" />
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="108" />
      <source>Predicted class map</source>
      <translation>预测分类图</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="232" />
      <source>The class map stores no class names: the reference classes are read as the land-damage classes ({names}). Give 'Classes' for other models.</source>
      <translation>分类图中未存储类别名称：参考类别按土地损毁类别（{names}）解读。其他模型请填写“类别”参数。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="253" />
      <source>{counted} pixels counted; {ignored} ignored (nodata or ignore value); {missing} without prediction; {outside} outside the classes.</source>
      <translation>参与统计的像元 {counted} 个；忽略 {ignored} 个（无数据或忽略值）；{missing} 个无预测值；{outside} 个超出类别范围。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/evaluate_segmentation.py" line="265" />
      <source>Classes left out of the mean IoU (in neither map): {names}.</source>
      <translation>未计入平均交并比的类别（两幅图中均不存在）：{names}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="47" />
      <source>building</source>
      <translation>建筑物</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="48" />
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="163" />
      <source>Buildings</source>
      <translation>建筑物</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="55" />
      <source>Extract Buildings (SegNet+CRF)</source>
      <translation>建筑物提取（SegNet+CRF）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="58" />
      <source>Extract building outlines from a high-resolution image (SegNet + dense CRF).</source>
      <translation>从高分辨率影像中提取建筑物轮廓（SegNet + 全连接 CRF）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="62" />
      <source>Extracts building outlines from a high-resolution optical image (patent step 1): a building model (the patent's SegNet, or the shipped U-Net) classifies the pixels tile by tile, a fully connected (dense) CRF sharpens each tile's result along the image's edges and removes speckle, the tiles are merged, and the building patches become regular polygons. The output is ready to be the Buildings input of Detect Subsidence Anomalies, also inside a graphical model.

&lt;b&gt;Inputs&lt;/b&gt;: Optical image. Building model file: a MineWatch building model file (.safetensors, 2 classes). Empty uses the building model shipped with the plugin: a U-Net on an EfficientNet-Lite0 encoder pretrained on ImageNet, trained at 0.3 m on openly licensed drone imagery of Tanzania, Uganda, the Philippines and Kenya (OpenAerialMap, CC BY 4.0) with OpenStreetMap footprints (ODbL); its scores on sources it never saw are in models/weights/buildings_default.json. Images whose pixel size differs by 1.5× or more are run at its 0.3 m (RESAMPLE). For another region, sensor or building style, fine-tune it on your own footprints (a cadastre's polygons): Create Training Samples with the polygons (Classes other,building), Train Segmentation Model with the shipped model as Initial model, then give the new model here. Pickled PyTorch files (.pt, .pth) are refused because opening them can run code. Image bands in the model's order: the image bands fed to the model (e.g. 1,2,3 for an RGB model); empty = all bands. A single-band (panchromatic) image given to a 3-band model is accepted by repeating the band, with a warning; any other mismatch needs the bands. Values are normalised with the statistics stored in the model, or, for a model trained to normalise each scene by its own statistics, with the image's own band mean and standard deviation (then 8-bit and 16-bit images both work); a warning says when the image's values look unlike the model's training data. Advanced: Tile size, px (0 = the model's), Tile overlap, px (empty: 1/4 of the tile with the CRF, 1/8 without), Tiles per batch (default 4). Device: auto (default) uses a CUDA GPU when torch sees one. Arithmetic (advanced): auto (default) runs the network in bfloat16 on a CPU with bf16 units (AVX512-BF16 or AMX), float32 elsewhere; float32 gives the exact result. Refine with a dense CRF (default on) and, advanced, its iterations, bandwidths and weights (see Dense CRF). Minimum building area, m² (default 20). Regularise outlines (right angles; default on). Dask scheduler (advanced): empty = in this process; 'local' or tcp://host:8786 = the scene's strips, CRF included, run on a Dask cluster with the same result (see docs/scale-out.md).

&lt;b&gt;Tiling&lt;/b&gt;: overlaps are blended, so no seams show, and the scene is processed window by window.

&lt;b&gt;Dense CRF&lt;/b&gt; (Krähenbühl &amp; Koltun 2011, mean field): pairwise kernels w1·exp(−Δp²/2θα² − ΔI²/2θβ²) + w2·exp(−Δp²/2θγ²). Bandwidths θα (spatial) and θγ (smoothness) are in PIXELS of the input image (their size on the ground depends on its pixel size: 80 px at 0.5 m is 40 m); θβ (colour) is on a 0–255 scale: up to 3 bands are stretched between their scene 2 % and 98 % percentiles. Defaults: 5 iterations, θα 80, θβ 13, θγ 3, weights 10 and 3. The CRF runs on each tile with its overlap, so it also streams. CRF keeps the network's confident pixels (advanced, default on): the network's term is weighted so that no pixel it gives a class with 70 % or more can change class; the CRF then moves only the unsure pixels, along the image's edges. Off gives the exact dense CRF, which on real imagery erased most buildings of some scenes and spread them over others. Either way, a tile whose CRF result erased most of the network's confident buildings, or spread them over twice as many pixels, keeps the network's own result, and the log says how many tiles did.

&lt;b&gt;Outlines&lt;/b&gt;: 4-connected building patches; holes are filled, outlines smaller than Minimum area (m²) are dropped, the rest simplified and, with Regularise, squared to right angles where they are rectilinear.

&lt;b&gt;Outputs&lt;/b&gt;: Buildings (OUTPUT): polygons with building_id (1…n), area_m2, perimeter_m, mean_prob (mean building probability inside the outline, 0–1), regularised (1 = squared, 0 = simplified only). Building mask (OUTPUT_MASK, optional). N_BUILDINGS: the number of buildings; DEVICE_USED.

&lt;b&gt;Units and conventions&lt;/b&gt;: classes 0 other, 1 building. Building mask: uint8, 1 building, 0 other, 255 nodata. Polygons are in the input's CRS; areas in m², perimeters in m; CRF bandwidths θα, θγ in pixels, θβ on a 0–255 scale.

&lt;b&gt;Example&lt;/b&gt;: qgis_process.bin run minewatch:extractbuildings -- INPUT=village.tif USE_CRF=true MIN_AREA=20 OUTPUT=buildings.gpkg OUTPUT_MASK=building_mask.tif</source>
      <translation>从高分辨率光学影像中提取建筑物轮廓（专利步骤 1）：建筑物模型（专利中的 SegNet，或插件自带的 U-Net）逐个分块对像元进行分类，全连接（dense）CRF 沿影像边缘锐化每个分块的结果并去除斑点噪声，然后合并各分块，并将建筑物图斑转换为规则多边形。输出可直接作为“沉降异常检测”的建筑物输入，在图形建模器的模型中同样适用。

&lt;b&gt;输入&lt;/b&gt;：光学影像。建筑物模型文件：MineWatch 建筑物模型文件（.safetensors，2 个类别）。留空则使用插件自带的建筑物模型：基于 ImageNet 预训练 EfficientNet-Lite0 编码器的 U-Net，在 0.3 m 分辨率下，用坦桑尼亚、乌干达、菲律宾和肯尼亚的开放许可无人机影像（OpenAerialMap，CC BY 4.0）及 OpenStreetMap 建筑物轮廓（ODbL）训练；它在从未见过的数据源上的得分见 models/weights/buildings_default.json。像元大小相差 1.5 倍及以上的影像会按其 0.3 m 运行（RESAMPLE）。对于其他地区、传感器或建筑风格，请用您自己的建筑物轮廓（例如地籍多边形）对其微调：用这些多边形运行“制作训练样本”（类别 other,building），以插件自带模型为初始模型运行“训练分割模型”，然后在此处使用新模型。PyTorch pickle 文件（.pt、.pth）会被拒绝，因为打开这类文件可能执行代码。按模型顺序排列的影像波段：输入模型的影像波段（如 RGB 模型为 1,2,3）；留空 = 全部波段。向 3 波段模型输入单波段（全色）影像时，会重复该波段并给出警告；其他不匹配情况须指定波段。像元值使用模型中存储的统计量进行归一化；若模型训练时按每景影像自身的统计量归一化，则使用影像自身各波段的均值和标准差（此时 8 位和 16 位影像均可使用）；当影像值与模型训练数据差异明显时会给出警告。高级参数：分块大小，像素（0 = 使用模型的分块大小）、分块重叠，像素（留空：使用 CRF 时为分块的 1/4，否则为 1/8）、每批次分块数（默认 4）。计算设备：auto（默认）在 torch 检测到 CUDA GPU 时使用 GPU。运算精度（高级）：auto（默认）在具备 bf16 运算单元（AVX512-BF16 或 AMX）的 CPU 上以 bfloat16 运行网络，其他情况下使用 float32；float32 给出精确结果。使用全连接 CRF 精化（默认开启），以及高级参数中的迭代次数、带宽和权重（见“全连接 CRF”）。最小建筑物面积，m²（默认 20）。轮廓规则化（直角化；默认开启）。Dask 调度器（高级）：留空 = 在本进程中运行；“local”或 tcp://host:8786 = 影像条带（含 CRF）在 Dask 集群上计算，结果相同（见 docs/scale-out.md）。

&lt;b&gt;分块处理&lt;/b&gt;：重叠区域进行融合，因此不会出现接缝；影像按窗口分块处理。

&lt;b&gt;全连接 CRF&lt;/b&gt;（Krähenbühl &amp; Koltun 2011，平均场推断）：成对势核 w1·exp(−Δp²/2θα² − ΔI²/2θβ²) + w2·exp(−Δp²/2θγ²)。带宽 θα（空间）和 θγ（平滑）以输入影像的像素为单位（其对应的地面尺寸取决于像元大小：0.5 m 分辨率下 80 像素即 40 m）；θβ（颜色）采用 0–255 尺度：最多 3 个波段按其全景 2 % 和 98 % 百分位数进行拉伸。默认值：5 次迭代，θα 80，θβ 13，θγ 3，权重 10 和 3。CRF 在每个分块（含其重叠区）上运行，因此同样以流式方式处理。CRF 保留网络高置信度的像元（高级，默认开启）：对网络项加权，使网络给出 70 % 及以上概率的像元不会改变类别；CRF 只沿影像边缘调整不确定的像元。关闭后为精确的全连接 CRF，它在真实影像上曾抹去某些场景的大部分建筑物、又在另一些场景中把建筑物扩展开。无论哪种方式，若某个分块的 CRF 结果抹去了网络大部分高置信度建筑物，或将其扩展到两倍以上的像元，该分块都会保留网络自身的结果，日志会说明有多少个分块如此处理。

&lt;b&gt;轮廓&lt;/b&gt;：按 4 邻域连通提取建筑物图斑；填充孔洞，删除面积小于最小建筑物面积（m²）的轮廓，其余轮廓进行简化；启用规则化时，将呈直角形态的轮廓调整为直角。

&lt;b&gt;输出&lt;/b&gt;：建筑物（OUTPUT）：多边形，包含字段 building_id（1…n）、area_m2、perimeter_m、mean_prob（轮廓内的建筑物平均概率，0–1）、regularised（1 = 已直角化，0 = 仅简化）。建筑物掩膜（OUTPUT_MASK，可选）。N_BUILDINGS：建筑物数量；DEVICE_USED：实际使用的计算设备。

&lt;b&gt;单位与约定&lt;/b&gt;：类别 0 为其他，1 为建筑物。建筑物掩膜：uint8，1 为建筑物，0 为其他，255 为无数据。多边形采用输入影像的坐标参考系；面积单位为 m²，周长单位为 m；CRF 带宽 θα、θγ 以像素为单位，θβ 采用 0–255 尺度。

&lt;b&gt;示例&lt;/b&gt;：qgis_process.bin run minewatch:extractbuildings -- INPUT=village.tif USE_CRF=true MIN_AREA=20 OUTPUT=buildings.gpkg OUTPUT_MASK=building_mask.tif</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="133" />
      <source>Optical image</source>
      <translation>光学影像</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="134" />
      <source>Tile overlap, px [empty: 1/4 of the tile with CRF, 1/8 without]</source>
      <translation>分块重叠，像素 [留空：使用 CRF 时为分块的 1/4，否则为 1/8]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="136" />
      <source>Refine with a dense CRF</source>
      <translation>使用全连接 CRF 精化</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="138" />
      <source>CRF mean-field iterations</source>
      <translation>CRF 平均场迭代次数</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="140" />
      <source>CRF spatial bandwidth θα, px</source>
      <translation>CRF 空间带宽 θα，像素</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="142" />
      <source>CRF colour bandwidth θβ (0–255 scale)</source>
      <translation>CRF 颜色带宽 θβ（0–255 尺度）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="144" />
      <source>CRF smoothness bandwidth θγ, px</source>
      <translation>CRF 平滑带宽 θγ，像素</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="146" />
      <source>CRF bilateral (appearance) kernel weight</source>
      <translation>CRF 双边（外观）核权重</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="148" />
      <source>CRF smoothness kernel weight</source>
      <translation>CRF 平滑核权重</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="155" />
      <source>CRF keeps the network's confident pixels (off: the exact dense CRF)</source>
      <translation>CRF 保留网络高置信度的像元（关闭：精确的全连接 CRF）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="158" />
      <source>Minimum building area, m²</source>
      <translation>最小建筑物面积，m²</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="161" />
      <source>Regularise outlines (right angles)</source>
      <translation>轮廓规则化（直角化）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="165" />
      <source>Building mask</source>
      <translation>建筑物掩膜</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="166" />
      <source>Number of buildings</source>
      <translation>建筑物数量</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="214" />
      <source>Dense CRF: {state}; {pixels} building pixels.</source>
      <translation>全连接 CRF：{state}；建筑物像元 {pixels} 个。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="216" />
      <source>on</source>
      <translation>开启</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="216" />
      <source>off</source>
      <translation>关闭</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="219" />
      <source>The dense CRF's result was not kept in {n} of {tiles} tiles: it erased most of the buildings the network found there, or spread them over twice as many pixels; the network's own mask is used in those tiles.</source>
      <translation>在 {tiles} 个分块中有 {n} 个未采用全连接 CRF 的结果：它抹去了网络在这些分块中识别出的大部分建筑物，或把建筑物扩展到两倍以上的像素；这些分块改用网络自身的掩膜。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="232" />
      <source>{n} patches under the minimum area ({area:g} m², {pixels:,.0f} pixels of this image) were dropped.</source>
      <translation>已舍弃 {n} 个面积小于最小面积（{area:g} m²，在本影像中为 {pixels:,.0f} 像素）的图斑。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="238" />
      <source>No building is left: lower MIN_AREA if the buildings here are smaller.</source>
      <translation>没有剩下任何建筑物：如果此处的建筑物更小，请调低 MIN_AREA。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="242" />
      <source>{n} buildings written.</source>
      <translation>已写入 {n} 栋建筑物。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="265" />
      <source>Could not write the building outlines: {error}</source>
      <translation>无法写入建筑物轮廓：{error}</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="36" />
      <source>Harmonise Image</source>
      <translation>影像辐射归一化</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="39" />
      <source>Match an image's band values to a reference image of another date.</source>
      <translation>将影像各波段值匹配到另一日期的参考影像。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="43" />
      <source>Brings the radiometry of an image (e.g. this year's scene) to a reference image of another date (e.g. last year's, the one the model was trained or checked on), so the same model classifies both alike and Detect Land Damage Change compares like with like.

&lt;b&gt;Inputs&lt;/b&gt;: Image to harmonise and Reference image, with the same bands in the same order (band k is matched to band k); any grids and CRS: only their valid overlap is compared (the reference is read onto the image's grid). Method: Histogram matching (default) or Linear, pseudo-invariant pixels. Cloud mask of the image and Cloud mask of the reference (optional; Mask Clouds' output: clouds and shadows are left out of the fit).

&lt;b&gt;Methods&lt;/b&gt;: 'histogram' maps each band's distribution over the overlap onto the reference's (quantile matching: robust to any monotonic change, but a large real change of land cover also shifts the mapping); 'linear' fits reference = gain × image + offset on pseudo-invariant pixels (the pixels that changed are dropped as outliers), which keeps real change intact.

&lt;b&gt;Outputs&lt;/b&gt;: Harmonised image (OUTPUT) and MAPPING (JSON per band: for histogram matching, the image values at the 5th, 50th and 95th percentiles and what they became; for the line, gain, offset and the number of invariant pixels).

&lt;b&gt;Units and conventions&lt;/b&gt;: the harmonised image keeps the image's own grid, CRS, data type and no data (integers rounded and clipped). Band k of the image is matched to band k of the reference.

&lt;b&gt;Example&lt;/b&gt;: qgis_process.bin run minewatch:harmoniseimage -- INPUT=scene_2023.tif REFERENCE=scene_2022.tif METHOD=1 INPUT_MASK=clouds_2023.tif REFERENCE_MASK=clouds_2022.tif OUTPUT=scene_2023_harmonised.tif</source>
      <translation>将影像（如今年的影像）的辐射特征归一化到另一日期的参考影像（如去年的影像，即模型训练或检验所用的影像），使同一模型对两者的分类一致，并使“土地损毁变化检测”在可比数据之间进行比较。

&lt;b&gt;输入&lt;/b&gt;：待归一化影像和参考影像，两者波段相同且顺序一致（第 k 波段与第 k 波段匹配）；格网和坐标参考系不限：仅比较两者的有效重叠区（参考影像被读取到待归一化影像的格网上）。方法：直方图匹配（默认）或线性（伪不变特征像元）。影像云掩膜和参考影像云掩膜（可选；即“云与云阴影掩膜”的输出：云和云阴影不参与拟合）。

&lt;b&gt;方法&lt;/b&gt;：“直方图匹配”将每个波段在重叠区内的分布映射到参考影像的分布上（分位数匹配：对任何单调变化都稳健，但大范围的真实地表覆盖变化也会使映射发生偏移）；“线性”在伪不变特征像元上拟合 参考 = 增益 × 影像 + 偏移（发生变化的像元作为异常值剔除），从而保留真实变化。

&lt;b&gt;输出&lt;/b&gt;：归一化后影像（OUTPUT）和 MAPPING（每个波段的 JSON：直方图匹配时为第 5、50、95 百分位处的影像值及其映射后的值；线性方法时为增益、偏移和不变像元数量）。

&lt;b&gt;单位与约定&lt;/b&gt;：归一化后影像保持原影像的格网、坐标参考系、数据类型和无数据值（整数类型会取整并截断到取值范围内）。影像的第 k 波段与参考影像的第 k 波段匹配。

&lt;b&gt;示例&lt;/b&gt;：qgis_process.bin run minewatch:harmoniseimage -- INPUT=scene_2023.tif REFERENCE=scene_2022.tif METHOD=1 INPUT_MASK=clouds_2023.tif REFERENCE_MASK=clouds_2022.tif OUTPUT=scene_2023_harmonised.tif</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="73" />
      <source>Image to harmonise</source>
      <translation>待归一化影像</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="75" />
      <source>Reference image</source>
      <translation>参考影像</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="78" />
      <source>Histogram matching</source>
      <translation>直方图匹配</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="78" />
      <source>Linear, pseudo-invariant pixels</source>
      <translation>线性（伪不变特征像元）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="81" />
      <source>Cloud mask of the image</source>
      <translation>影像的云掩膜</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="83" />
      <source>Cloud mask of the reference</source>
      <translation>参考影像的云掩膜</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="85" />
      <source>Harmonised image</source>
      <translation>辐射归一化后影像</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="86" />
      <source>Mapping per band (JSON)</source>
      <translation>各波段映射（JSON）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="98" />
      <source>Matching the image to the reference…</source>
      <translation>正在将影像匹配到参考影像…</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="106" />
      <source>{n} overlap pixels compared.</source>
      <translation>已比较 {n} 个重叠像元。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="112" />
      <source>Band {band}: value × {gain:.4g} + {offset:.4g} ({n} unchanged pixels used).</source>
      <translation>波段 {band}：值 × {gain:.4g} + {offset:.4g}（使用 {n} 个未变化像素）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/harmonise_image.py" line="116" />
      <source>Band {band}: 5th, 50th and 95th percentiles {pairs}.</source>
      <translation>波段 {band}：第 5、50 和 95 百分位数 {pairs}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="31" />
      <source>Import PS Time Series (MintPy, LiCSBAS)</source>
      <translation>导入 PS 时间序列（MintPy、LiCSBAS）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="34" />
      <source>Turn a MintPy or LiCSBAS HDF5 time series into PS points for Detect Subsidence Anomalies.</source>
      <translation>将 MintPy 或 LiCSBAS 的 HDF5 时间序列转换为供沉降异常检测使用的 PS 点。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="39" />
      <source>Turns a gridded InSAR time series (SBAS) into points with one field per date, the input Detect Subsidence Anomalies reads: every grid cell the mask keeps becomes a point at the cell's centre.

&lt;b&gt;Inputs&lt;/b&gt;: Time series: a MintPy timeseries.h5 or geo_timeseries*.h5 (dataset 'timeseries' in metres, 'date'), or a LiCSBAS cum.h5 / cum_filt.h5 (dataset 'cum' in mm, 'imdates'). Mask (optional): MintPy's maskTempCoh.h5 or any HDF5 file with a 'mask' dataset on the same grid; without it, a LiCSBAS file's own 'mask' is used, else every cell with values at half of its dates or more. Radar geometry (optional): MintPy's geometryRadar.h5, needed for a time series in radar coordinates (not geocoded).

&lt;b&gt;Outputs&lt;/b&gt;: PS points (OUTPUT, GeoPackage, layer 'ps'): pid and one field per date named YYYYMMDD. N_POINTS: the number of points. The file is written row block by row block and appears only when complete.

&lt;b&gt;Units and conventions&lt;/b&gt;: pid = row × columns + column of the cell; values in mm, line of sight, negative = away from the satellite = settlement (the defaults of Detect Subsidence Anomalies; MintPy's metres are converted); points at the cell centres, in the grid's CRS (WGS 84 for LiCSBAS and radar-coded MintPy files).

&lt;b&gt;Needs&lt;/b&gt; the Python package h5py (Plugins &gt; MineWatch &gt; Check dependencies installs it). On Linux prefer your distribution's package (e.g. apt install python3-h5py): a pip wheel of h5py brings its own HDF5 library, which clashes with the one QGIS's GDAL has loaded.

&lt;b&gt;Example&lt;/b&gt;: qgis_process.bin run minewatch:importpstimeseries -- INPUT=geo_timeseries_ERA5_ramp_demErr.h5 MASK=geo_maskTempCoh.h5 OUTPUT=ps.gpkg</source>
      <translation>将格网化的 InSAR 时间序列（SBAS）转换为每期一个字段的点，即沉降异常检测读取的输入：掩膜保留的每个格网单元成为位于单元中心的一个点。

&lt;b&gt;输入&lt;/b&gt;：时间序列：MintPy 的 timeseries.h5 或 geo_timeseries*.h5（数据集 'timeseries'，单位米，以及 'date'），或 LiCSBAS 的 cum.h5 / cum_filt.h5（数据集 'cum'，单位 mm，以及 'imdates'）。掩膜（可选）：MintPy 的 maskTempCoh.h5，或任何在同一格网上含 'mask' 数据集的 HDF5 文件；未提供时，使用 LiCSBAS 文件自带的 'mask'，否则保留一半以上日期有值的每个单元。雷达几何（可选）：MintPy 的 geometryRadar.h5，时间序列位于雷达坐标系（未地理编码）时需要。

&lt;b&gt;输出&lt;/b&gt;：PS 点（OUTPUT，GeoPackage，图层 'ps'）：pid 以及每期一个名为 YYYYMMDD 的字段。N_POINTS：点数。文件按行块逐块写入，完成后才会出现。

&lt;b&gt;单位与约定&lt;/b&gt;：pid = 行号 × 列数 + 列号；值的单位为 mm，视线向，负值 = 远离卫星 = 沉降（沉降异常检测的默认设置；MintPy 的米会被换算）；点位于单元中心，坐标系为格网的坐标系（LiCSBAS 和雷达坐标的 MintPy 文件为 WGS 84）。

&lt;b&gt;依赖&lt;/b&gt;：需要 Python 包 h5py（插件 &gt; MineWatch &gt; 检查依赖项可安装）。在 Linux 上请优先使用发行版的软件包（例如 apt install python3-h5py）：pip 安装的 h5py 自带 HDF5 库，会与 QGIS 的 GDAL 已加载的 HDF5 库冲突。

&lt;b&gt;示例&lt;/b&gt;：qgis_process.bin run minewatch:importpstimeseries -- INPUT=geo_timeseries_ERA5_ramp_demErr.h5 MASK=geo_maskTempCoh.h5 OUTPUT=ps.gpkg</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="66" />
      <source>Time series (MintPy or LiCSBAS HDF5)</source>
      <translation>时间序列（MintPy 或 LiCSBAS HDF5）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="67" />
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="70" />
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="73" />
      <source>HDF5 files (*.h5 *.he5 *.hdf5)</source>
      <translation>HDF5 文件 (*.h5 *.he5 *.hdf5)</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="69" />
      <source>Mask (HDF5, dataset 'mask')</source>
      <translation>掩膜（HDF5，数据集 'mask'）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="72" />
      <source>Radar geometry (MintPy geometryRadar.h5)</source>
      <translation>雷达几何（MintPy geometryRadar.h5）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="75" />
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="76" />
      <source>Number of points</source>
      <translation>点数</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="90" />
      <source>{kind} time series: {dates} dates ({first} … {last}) on a grid of {rows} × {cols} cells, EPSG:{epsg}.</source>
      <translation>{kind} 时间序列：{dates} 期（{first} … {last}），格网 {rows} × {cols} 个单元，EPSG:{epsg}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/import_ps_time_series.py" line="98" />
      <source>{count} points written to {path}.</source>
      <translation>已将 {count} 个点写入 {path}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="19" />
      <source>Cloud brightness, reflectance</source>
      <translation>云亮度（反射率）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="20" />
      <source>Cloud core brightness, reflectance</source>
      <translation>云核亮度（反射率）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="21" />
      <source>Largest whiteness</source>
      <translation>最大白度</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="22" />
      <source>Largest NDVI of a cloud</source>
      <translation>云的最大 NDVI</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="23" />
      <source>Smallest cloud, m²</source>
      <translation>最小云面积（m²）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="24" />
      <source>Cloud edge reach from a core, m</source>
      <translation>云边缘自云核延伸距离（m）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="25" />
      <source>Bright features thinner than this are no cloud, m</source>
      <translation>窄于此宽度的亮地物不视为云（m）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="26" />
      <source>Farthest shadow from its cloud, m</source>
      <translation>阴影距云最远距离（m）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="28" />
      <source>Shadow darkness (share of clear ground)</source>
      <translation>阴影暗度（占晴空地面的比例）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="29" />
      <source>Brighter than the reference date by, reflectance</source>
      <translation>比参考日期更亮的幅度（反射率）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="32" />
      <source>Blue band</source>
      <translation>蓝波段</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="32" />
      <source>Green band</source>
      <translation>绿波段</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="33" />
      <source>Red band</source>
      <translation>红波段</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="33" />
      <source>Near-infrared band</source>
      <translation>近红外波段</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="34" />
      <source>Panchromatic band (instead of blue, green, red)</source>
      <translation>全色波段（替代蓝、绿、红波段）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="57" />
      <source>Mask Clouds</source>
      <translation>云与云阴影掩膜</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="60" />
      <source>Find clouds and their shadows in a multispectral image, so they are not classified as land.</source>
      <translation>在多光谱影像中识别云及其阴影，避免其被分类为地物。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="65" />
      <source>Finds clouds and cloud shadows in a multispectral image (blue, green, red, near-infrared of any data type, or a panchromatic band) by a transparent rule, before Classify Land Damage or Harmonise Image, so they are not classified as land.

&lt;b&gt;Inputs&lt;/b&gt;: Multispectral image. Blue, Green, Red, Near-infrared band, or a Panchromatic band instead of blue, green, red (empty: taken from the band descriptions blue/green/red/nir/pan, else bands 1–4 as blue, green, red, NIR). Clear image of another date (optional; same bands, any grid) makes the rule multi-temporal: a cloud must also be brighter than the same ground there (bright concrete or tailings, bright on both dates, then stay clear). Buffer, m (default 30): clouds and shadows grow by it. Sun azimuth, degrees (from north, clockwise; from the image's metadata) points the shadow search; empty searches every direction. Advanced: Reflectance scale, reflectance per image value (empty: 1/255 for 8-bit images, 1/1023, 1/2047, 1/4095 for 10-, 11-, 12-bit values, 1/10000 for reflectance × 10 000 products; the value used is reported), and the thresholds of the rule (defaults: Cloud brightness 0.3, Cloud core brightness 0.45, Largest whiteness 0.7, Largest NDVI 0.4, Smallest cloud 5000 m², Cloud edge reach 150 m, bright features thinner than 12 m, Farthest shadow 1500 m, Shadow darkness 0.6, Brighter than the reference date by 0.08).

&lt;b&gt;Rule&lt;/b&gt;: a cloud pixel is bright (mean visible reflectance ≥ Cloud brightness), white (whiteness Σ|ρ−mean|/mean ≤ Largest whiteness), hazy (HOT = blue − 0.5 red − 0.08 &gt; 0) and not vegetation (NDVI ≤ Largest NDVI). A cloud needs a core brighter than Cloud core brightness, in one patch of at least Smallest cloud (bright roofs are small); its thinner edge reaches Cloud edge reach from the core, leaving out bright features thinner than the given width (roads). A shadow is the cloud's outline moved away from the sun by up to Farthest shadow, where that footprint is darkest, over pixels darker than Shadow darkness × the clear ground's near-infrared median. Both grow by Buffer.

&lt;b&gt;Outputs&lt;/b&gt;: Cloud and shadow mask (OUTPUT) on the image's grid. Image without clouds (OUTPUT_MASKED, optional): the image with cloud and shadow pixels set to no data. CLOUD_SHARE and SHADOW_SHARE (0–1 of the valid pixels) and SCALE_USED (the reflectance scale used).

&lt;b&gt;Units and conventions&lt;/b&gt;: the mask is uint8: 0 clear, 1 cloud, 2 shadow, 255 no data. The image without clouds uses the image's own no data value, else 0. Thresholds of brightness are in reflectance, areas in m², distances in m, the sun azimuth in degrees clockwise from north.

&lt;b&gt;Example&lt;/b&gt;: qgis_process.bin run minewatch:maskclouds -- INPUT=scene_2023.tif REFERENCE=scene_2022.tif SUN_AZIMUTH=135 OUTPUT=clouds.tif OUTPUT_MASKED=scene_2023_clear.tif</source>
      <translation>在进行土地损毁分类或影像辐射归一化之前，按一套透明的规则在多光谱影像（任意数据类型的蓝、绿、红、近红外波段，或一个全色波段）中识别云和云阴影，避免其被分类为地物。

&lt;b&gt;输入&lt;/b&gt;：多光谱影像。蓝波段、绿波段、红波段、近红外波段，或以全色波段替代蓝、绿、红波段（留空：按波段描述 blue/green/red/nir/pan 确定，否则将第 1–4 波段依次作为蓝、绿、红、近红外波段）。其他日期的无云影像（可选；波段相同，格网不限）使规则变为多时相：云还必须比该影像中的同一地面更亮（亮混凝土或尾矿在两个日期都很亮，因此仍判为无云）。缓冲距离（m）（默认 30）：云和阴影按此距离向外扩展。太阳方位角（°）（自正北顺时针；取自影像元数据）用于确定阴影的搜索方向；留空则搜索所有方向。高级参数：反射率缩放系数，即每个影像值对应的反射率（留空：8 位影像取 1/255，10、11、12 位值分别取 1/1023、1/2047、1/4095，反射率 × 10 000 产品取 1/10000；所用值会在报告中给出），以及规则的各项阈值（默认：云亮度 0.3，云核亮度 0.45，最大白度 0.7，云的最大 NDVI 0.4，最小云面积 5000 m²，云边缘自云核延伸距离 150 m，窄于 12 m 的亮地物不视为云，阴影距云最远距离 1500 m，阴影暗度 0.6，比参考日期更亮的幅度 0.08）。

&lt;b&gt;规则&lt;/b&gt;：云像元应当明亮（可见光平均反射率 ≥ 云亮度）、发白（白度 Σ|ρ−mean|/mean ≤ 最大白度）、具有雾状特征（HOT = blue − 0.5 red − 0.08 &gt; 0），且不是植被（NDVI ≤ 云的最大 NDVI）。一块云须有亮于“云核亮度”的云核，且位于面积不小于“最小云面积”的同一图斑内（亮屋顶面积较小）；较薄的云边缘自云核向外延伸，最远至“云边缘自云核延伸距离”，但不包括窄于给定宽度的亮地物（道路）。阴影是将云的轮廓沿背离太阳的方向平移（最远不超过“阴影距云最远距离”）后，轮廓覆盖区域最暗处的位置，且只包括比“阴影暗度 × 晴空地面近红外中值”更暗的像元。两者均按缓冲距离向外扩展。

&lt;b&gt;输出&lt;/b&gt;：云与阴影掩膜（OUTPUT），与影像格网一致。去云影像（OUTPUT_MASKED，可选）：将云和阴影像元设为无数据的影像。CLOUD_SHARE 和 SHADOW_SHARE（占有效像元的比例，0–1）以及 SCALE_USED（所用反射率缩放系数）。

&lt;b&gt;单位与约定&lt;/b&gt;：掩膜为 uint8：0 无云，1 云，2 阴影，255 无数据。去云影像使用影像自身的无数据值，若无则为 0。亮度阈值以反射率表示，面积单位为 m²，距离单位为 m，太阳方位角为自正北顺时针的度数。

&lt;b&gt;示例&lt;/b&gt;：qgis_process.bin run minewatch:maskclouds -- INPUT=scene_2023.tif REFERENCE=scene_2022.tif SUN_AZIMUTH=135 OUTPUT=clouds.tif OUTPUT_MASKED=scene_2023_clear.tif</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="112" />
      <source>Clear image of another date</source>
      <translation>其他日期的无云影像</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="117" />
      <source>Buffer, m</source>
      <translation>缓冲距离（m）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="120" />
      <source>Sun azimuth, degrees</source>
      <translation>太阳方位角（°）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="123" />
      <source>Reflectance scale</source>
      <translation>反射率缩放系数</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="130" />
      <source>Cloud and shadow mask</source>
      <translation>云与阴影掩膜</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="132" />
      <source>Image without clouds</source>
      <translation>去云影像</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="134" />
      <source>Cloud share</source>
      <translation>云占比</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="135" />
      <source>Shadow share</source>
      <translation>阴影占比</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="137" />
      <source>Reflectance scale used</source>
      <translation>所用反射率缩放系数</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="176" />
      <source>Bands used: {roles}.</source>
      <translation>所用波段：{roles}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/mask_clouds.py" line="183" />
      <source>Reflectance scale {scale:.3g}; clouds {cloud:.1%}, shadows {shadow:.1%} of the valid pixels.</source>
      <translation>反射率比例 {scale:.3g}；云占有效像素的 {cloud:.1%}，阴影占 {shadow:.1%}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="39" />
      <source>Select PS Candidates (Amplitude Dispersion)</source>
      <translation>PS 候选点选取（振幅离差法）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="42" />
      <source>Select persistent-scatterer candidates from a SAR amplitude stack (dispersion index).</source>
      <translation>基于 SAR 振幅影像栈选取永久散射体候选点（振幅离差指数）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="46" />
      <source>Finds persistent-scatterer (PS) candidates in a co-registered SAR amplitude stack by the amplitude dispersion index: the pixels whose amplitude stays stable over the acquisitions, from which a PS-InSAR analysis starts.

&lt;b&gt;Inputs&lt;/b&gt;: SAR amplitude stack (one band per date): a raster with one band per acquisition (at least 3 bands, linear amplitude, not dB). Dispersion threshold T_D (default 0.25, the usual choice; 0.4 gives a looser set). Minimum mean amplitude T_m (empty: the scene mean of m_A over valid pixels). Dask scheduler (advanced): empty = in this process; 'local' or tcp://host:8786 = the strips are scanned on a Dask cluster and the scene mean is reduced over all of them, with the same result (see docs/scale-out.md).

&lt;b&gt;Method&lt;/b&gt;: for each pixel the mean amplitude m_A and the amplitude dispersion index D_A = σ_A / m_A are computed over the bands (σ_A: population standard deviation). A pixel is a candidate when D_A ≤ T_D and m_A ≥ T_m. A pixel that is nodata in any band is skipped. The stack is read in strips, so scenes larger than memory work.

&lt;b&gt;Outputs&lt;/b&gt;: PS candidates (OUTPUT): points at pixel centres with fields mean_amp, disp_index, row, col. Amplitude dispersion D_A (OUTPUT_DISPERSION, optional): the D_A raster (float32, nodata −1). N_CANDIDATES: the number of candidates; MIN_MEAN_AMPLITUDE_USED: the T_m applied (given, or the scene mean).

&lt;b&gt;Units and conventions&lt;/b&gt;: amplitudes are linear, not dB; D_A has no unit. row/col are 0-based pixel indices from the top-left. The D_A raster has nodata −1. The points are in the stack's CRS; a stack without a CRS (radar geometry) gives points in pixel units, with a warning.

&lt;b&gt;Example&lt;/b&gt;: qgis_process.bin run minewatch:selectpscandidates -- INPUT=stack.tif DISPERSION_THRESHOLD=0.25 OUTPUT=ps_candidates.gpkg OUTPUT_DISPERSION=da.tif</source>
      <translation>利用振幅离差指数，在已配准的 SAR 振幅影像栈中寻找永久散射体（PS）候选点，即振幅在各期获取影像中保持稳定的像元，PS-InSAR 分析由此开始。

&lt;b&gt;输入&lt;/b&gt;：SAR 振幅影像栈（每个日期一个波段）：每期获取影像对应一个波段的栅格（至少 3 个波段，线性振幅，非 dB）。振幅离差阈值 T_D（默认 0.25，为常用取值；0.4 得到较宽松的候选集）。最小平均振幅 T_m（留空：有效像元 m_A 的全景均值）。Dask 调度器（高级）：留空 = 在本进程中运行；“local”或 tcp://host:8786 = 在 Dask 集群上逐条带扫描，全景均值在所有条带上汇总，结果相同（见 docs/scale-out.md）。

&lt;b&gt;方法&lt;/b&gt;：对每个像元，在各波段上计算平均振幅 m_A 和振幅离差指数 D_A = σ_A / m_A（σ_A：总体标准差）。当 D_A ≤ T_D 且 m_A ≥ T_m 时，该像元为候选点。任一波段为无数据（NoData）的像元将被跳过。影像栈按条带读取，因此可处理超出内存容量的影像。

&lt;b&gt;输出&lt;/b&gt;：PS 候选点（OUTPUT）：位于像元中心的点，含字段 mean_amp、disp_index、row、col。振幅离差 D_A（OUTPUT_DISPERSION，可选）：D_A 栅格（float32，无数据值 −1）。N_CANDIDATES：候选点数量；MIN_MEAN_AMPLITUDE_USED：实际采用的 T_m（给定值或全景均值）。

&lt;b&gt;单位与约定&lt;/b&gt;：振幅为线性值，非 dB；D_A 无量纲。row/col 为自左上角起、从 0 开始的像元索引。D_A 栅格的无数据值为 −1。点位于影像栈的坐标参考系中；影像栈无坐标参考系（雷达坐标系）时，点以像素为单位，并给出警告。

&lt;b&gt;示例&lt;/b&gt;：qgis_process.bin run minewatch:selectpscandidates -- INPUT=stack.tif DISPERSION_THRESHOLD=0.25 OUTPUT=ps_candidates.gpkg OUTPUT_DISPERSION=da.tif</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="79" />
      <source>SAR amplitude stack (one band per date)</source>
      <translation>SAR 振幅影像栈（每个日期一个波段）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="81" />
      <source>Dispersion threshold T_D (D_A ≤ T_D)</source>
      <translation>振幅离差阈值 T_D（D_A ≤ T_D）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="86" />
      <source>Minimum mean amplitude T_m [empty: scene mean]</source>
      <translation>最小平均振幅 T_m [留空：全景均值]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="94" />
      <source>PS candidates</source>
      <translation>PS 候选点</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="96" />
      <source>Amplitude dispersion D_A</source>
      <translation>振幅离差 D_A</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="99" />
      <source>Number of PS candidates</source>
      <translation>PS 候选点数量</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="101" />
      <source>Minimum mean amplitude used</source>
      <translation>所用最小平均振幅</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="107" />
      <source>SAR amplitude stack</source>
      <translation>SAR 振幅影像栈</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="116" />
      <source>The amplitude stack has no coordinate reference system (radar geometry?): the candidate points are placed in pixel units; their row and col fields give the pixel. Geocode the stack to get points on the map.</source>
      <translation>振幅影像栈没有坐标参考系（雷达坐标系？）：候选点以像素为单位放置，其 row 和 col 字段给出对应像元。请对影像栈进行地理编码，以便在地图上得到点位。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="120" />
      <source>Reading {bands} amplitude bands of {w} × {h} pixels in strips…</source>
      <translation>正在按条带读取 {bands} 个振幅波段（{w} × {h} 像素）…</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="134" />
      <source>{n} candidates among {valid} valid pixels (T_D = {td}, T_m = {tm:.4g}, scene mean m_A = {mean:.4g}).</source>
      <translation>在 {valid} 个有效像元中得到 {n} 个候选点（T_D = {td}，T_m = {tm:.4g}，全景均值 m_A = {mean:.4g}）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="44" />
      <source>Train Segmentation Model</source>
      <translation>训练分割模型</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="47" />
      <source>Train a segmentation model on a sample folder; the best epoch is saved.</source>
      <translation>在样本文件夹上训练分割模型，并保存最佳轮次的模型。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="56" />
      <source>Trains a segmentation model on a training-sample folder and saves the epoch with the best validation MIoU (the schedule's end when the validation split is too small to choose on) as a MineWatch model file (.safetensors) that Classify Land Damage can use: a model for your own imagery and labels.

&lt;b&gt;Inputs&lt;/b&gt;: Training sample folder (see below). Architecture (default: the paper's SE-COT-DeepLabV3+ on an EfficientNet-Lite0 encoder pretrained on ImageNet, which learnt best per CPU minute on real labels; the paper's own network with MobileNetV2 stays the first choice and is the one Compare Segmentation Models compares; the choices are listed below). Architecture options (advanced): a JSON object with the architecture's own options, e.g. {"backbone": "resnet50"} for the DeepLabV3+ family or {"base_width": 64} for unet; empty = the defaults. Epochs (default 30), Batch size (patches per step, default 8), Learning rate (default 0.001), Loss (default weighted cross-entropy), Device (default auto), Time budget, minutes (advanced; default 0 = none) and Random seed (default 0): see Training settings. Initial model to fine-tune (optional; see Fine-tuning). Start from the shipped weights when no initial model is given (default on): with no initial model and no architecture options, training starts from the model shipped with the plugin for that architecture when it learnt from real imagery (the building model); the land-damage model learnt its classes on synthetic scenes only, and on real labels training learnt better from the ImageNet encoder, so that is where it starts (give the land-damage model as Initial model to start from it); off = random weights, with the ImageNet encoder where the architecture has one. Description stored in the model (advanced, optional). Normalise each scene by its own statistics (advanced, default off; see below). Self-supervised pretraining, minutes (advanced, default 0 = none) and Unlabelled images for self-supervised pretraining (advanced, optional; see below).

&lt;b&gt;Architectures&lt;/b&gt;:</source>
      <translation>在训练样本文件夹上训练分割模型，并将验证集 MIoU 最佳的轮次（验证集过小、无法据此选择时为学习率调度结束时的轮次）保存为 MineWatch 模型文件（.safetensors），供土地损毁分类使用：即针对您自己的影像和标注训练的模型。

&lt;b&gt;输入&lt;/b&gt;：训练样本文件夹（见下文）。网络结构（默认：基于 ImageNet 预训练 EfficientNet-Lite0 编码器的论文 SE-COT-DeepLabV3+，在真实标注上按每 CPU 分钟的学习效果最佳；论文原网络（MobileNetV2）仍为第一个选项，也是“比较分割模型”所比较的网络；可选项见下文）。网络结构选项（高级）：包含该网络结构自身选项的 JSON 对象，例如 DeepLabV3+ 系列的 {"backbone": "resnet50"} 或 unet 的 {"base_width": 64}；留空 = 默认值。轮次（默认 30）、批次大小（每步的切片数，默认 8）、学习率（默认 0.001）、损失函数（默认加权交叉熵）、计算设备（默认自动）、时间预算（分钟）（高级；默认 0 = 不限）和随机种子（默认 0）：见“训练设置”。用于微调的初始模型（可选；见“微调”）。未指定初始模型时从插件自带权重开始（默认开启）：未指定初始模型且无网络结构选项时，若插件自带的该网络结构模型是在真实影像上训练的（建筑物模型），则从该模型开始训练；土地损毁模型的类别仅在合成场景上学得，而在真实标注上从 ImageNet 编码器开始训练效果更好，因此默认从 ImageNet 编码器开始（如需从土地损毁模型开始，请将其指定为初始模型）；关闭 = 随机初始化权重，具有 ImageNet 编码器的网络结构则从该编码器开始。模型中保存的说明（高级，可选）。按各景影像自身统计量归一化（高级，默认关闭；见下文）。自监督预训练时长（分钟）（高级，默认 0 = 不进行）和用于自监督预训练的无标注影像（高级，可选；见下文）。

&lt;b&gt;网络结构&lt;/b&gt;：</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="87" />
      <source>&lt;b&gt;Fine-tuning&lt;/b&gt;: the initial model is a MineWatch model file to fine-tune instead of starting from random weights; its architecture is used. Its bands may differ from the samples': they are matched by name (blue, green, red, nir, pan…; a panchromatic band gets the sum of the visible bands' weights, an unknown band their mean), so the shipped 4-band model serves RGB or pan samples. With another number of classes the class head is new, but for classes both name; the log says what was kept.

&lt;b&gt;Self-supervised pretraining&lt;/b&gt; (advanced): for the given minutes before the supervised epochs (not part of the time budget), the network learns the look of your imagery without labels: half of the 16-px squares of each patch are hidden and it learns to restore them from their surroundings. It uses the train patches' images and, above all, the unlabelled images you give (same sensor and band order as the samples, e.g. the scenes you will classify); then everything but the class head is kept and the supervised training starts from there, from the shipped or initial model's weights when there are any. The log shows how the restoring error fell.

&lt;b&gt;Normalise each scene by its own statistics&lt;/b&gt;: the model is told to standardise every image it later classifies with that image's own band mean and standard deviation instead of the training statistics, so it works on images of another value scale (e.g. 16-bit instead of 8-bit). Training itself is unchanged: the sample folder's statistics are those of its source scene.

&lt;b&gt;Outputs&lt;/b&gt;: Trained model (OUTPUT_MODEL, .safetensors): the best epoch's model; the file stores the classes, band names and normalisation, resolution, and the training history. BEST_VAL_MIOU (NaN without a validation score), BEST_EPOCH and EPOCHS_RUN.

&lt;b&gt;Units and conventions&lt;/b&gt;: MIoU is a fraction 0–1; label 255 is ignored; the time budget is in minutes (0 = none); class indices and band names are those of the sample folder.

&lt;b&gt;Example&lt;/b&gt;: qgis_process.bin run minewatch:trainsegmentationmodel -- SAMPLES=samples INIT_MODEL=models/weights/land_damage_default.safetensors EPOCHS=30 OUTPUT_MODEL=my_model.safetensors</source>
      <translation>&lt;b&gt;微调&lt;/b&gt;：初始模型是用于微调的 MineWatch 模型文件，训练从该模型开始，而不是从随机权重开始，并沿用其网络结构。其波段可与样本的波段不同：按名称匹配（blue、green、red、nir、pan…；全色波段取各可见光波段权重之和，未知波段取其均值），因此插件自带的 4 波段模型也可用于 RGB 或全色样本。类别数不同时，分类头为新建，但两者同名的类别会保留其权重；日志会说明保留了哪些内容。

&lt;b&gt;自监督预训练&lt;/b&gt;（高级）：在有监督训练轮次之前（不计入时间预算）按给定分钟数进行，网络在没有标注的情况下学习您影像的外观：每个切片中一半的 16 像素方块被遮盖，网络学习根据周围内容将其复原。它使用训练切片的影像，更重要的是使用您提供的无标注影像（与样本相同的传感器和波段顺序，例如您将要分类的影像）；随后保留除分类头以外的全部权重，有监督训练从此开始；若有插件自带模型或初始模型，则预训练从其权重开始。日志会显示复原误差的下降情况。

&lt;b&gt;按各景影像自身统计量归一化&lt;/b&gt;：模型之后分类每幅影像时，将使用该影像自身的波段均值和标准差进行标准化，而不使用训练统计量，因此可用于数值范围不同的影像（如 16 位而非 8 位）。训练过程本身不变：样本文件夹的统计量即其源影像的统计量。

&lt;b&gt;输出&lt;/b&gt;：训练后的模型（OUTPUT_MODEL，.safetensors）：最佳轮次的模型；文件中保存类别、波段名称与归一化参数、分辨率以及训练历史。BEST_VAL_MIOU（无验证评分时为 NaN）、BEST_EPOCH 和 EPOCHS_RUN。

&lt;b&gt;单位与约定&lt;/b&gt;：MIoU 为 0–1 的比例；标签 255 被忽略；时间预算单位为分钟（0 = 不限）；类别索引和波段名称与样本文件夹一致。

&lt;b&gt;示例&lt;/b&gt;：qgis_process.bin run minewatch:trainsegmentationmodel -- SAMPLES=samples INIT_MODEL=models/weights/land_damage_default.safetensors EPOCHS=30 OUTPUT_MODEL=my_model.safetensors</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="129" />
      <source>Architecture options (JSON, e.g. {"backbone": "resnet50"})</source>
      <translation>网络结构选项（JSON，例如 {"backbone": "resnet50"}）</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="130" />
      <source>Time budget, minutes [0: none]</source>
      <translation>时间预算（分钟）[0：不限]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="132" />
      <source>Initial model to fine-tune</source>
      <translation>用于微调的初始模型</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="135" />
      <source>Description stored in the model</source>
      <translation>存入模型的说明</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="138" />
      <source>Start from the shipped weights when no initial model is given</source>
      <translation>未指定初始模型时从插件自带权重开始训练</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="142" />
      <source>Normalise each scene by its own statistics</source>
      <translation>按各景影像自身的统计值进行归一化</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="146" />
      <source>Self-supervised pretraining, minutes [0: none]</source>
      <translation>自监督预训练，分钟 [0：不进行]</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="149" />
      <source>Unlabelled images for self-supervised pretraining</source>
      <translation>用于自监督预训练的无标注影像</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="153" />
      <source>Trained model</source>
      <translation>训练后的模型</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="153" />
      <source>MineWatch model (*.safetensors)</source>
      <translation>MineWatch 模型 (*.safetensors)</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="169" />
      <source>Choose a file for the trained model (Trained model), e.g. {path}: a temporary file is deleted when QGIS closes, and the training with it.</source>
      <translation>请为训练后的模型（“训练后的模型”）选择一个文件，例如 {path}：临时文件会在 QGIS 关闭时删除，训练结果也随之丢失。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="187" />
      <source>The shipped model {file} learnt its classes on synthetic scenes only; on real labels training learns better from the ImageNet encoder, so it starts there. Give the file as 'Initial model to fine-tune' to start from it anyway.</source>
      <translation>插件自带模型 {file} 的类别仅在合成场景上学得；在真实标注上从 ImageNet 编码器开始训练效果更好，因此从 ImageNet 编码器开始。如仍要从该模型开始，请将该文件指定为“用于微调的初始模型”。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="194" />
      <source>Starting from the shipped model {file} (same architecture); its bands and classes are matched to the samples'. Untick 'Start from the shipped weights' to train from random weights.</source>
      <translation>从插件自带模型 {file}（网络结构相同）开始训练；其波段和类别已与样本匹配。如需从随机权重开始训练，请取消勾选“从插件自带权重开始训练”。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="209" />
      <source>Unlabelled images were given but the self-supervised pretraining time is 0: they are not used. Set 'Self-supervised pretraining, minutes' to use them.</source>
      <translation>提供了无标注影像，但自监督预训练时长为 0：这些影像不会被使用。请设置“自监督预训练，分钟”以使用它们。</translation>
    </message>
    <message>
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="228" />
      <source>Saved {path}: epoch {best} of {run}, validation MIoU {miou}, {seconds:.0f} s.</source>
      <translation>已保存 {path}：第 {best} 轮（共 {run} 轮），验证集 MIoU {miou}，耗时 {seconds:.0f} s。</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="38" />
      <source>Arithmetic</source>
      <translation>运算精度</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="39" />
      <source>auto (bfloat16 on a CPU with bf16 units, else float32)</source>
      <translation>auto（CPU 具备 bf16 运算单元时用 bfloat16，否则用 float32）</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="40" />
      <source>float32 (exact)</source>
      <translation>float32（精确）</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="40" />
      <source>bfloat16 where the hardware has it</source>
      <translation>bfloat16（硬件支持时）</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="163" />
      <source>Running on the Dask cluster {where}: {workers} worker(s).</source>
      <translation>在 Dask 集群 {where} 上运行：{workers} 个 worker。</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="232" />
      <source>MineWatch needs the Python package(s) {names}, which QGIS's Python cannot import ({error}). Open Plugins &gt; MineWatch &gt; Check dependencies and press 'Install missing packages', or run:
{command}
then restart QGIS.</source>
      <translation>MineWatch 需要 Python 包 {names}，但 QGIS 的 Python 无法导入（{error}）。请打开 插件 &gt; MineWatch &gt; 检查依赖，并点击“安装缺失的依赖包”，或运行：
{command}
然后重启 QGIS。</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="250" />
      <source>'{value}' given for '{param}' cannot be opened as a raster. Give a raster layer or a raster file GDAL can read (e.g. a GeoTIFF).</source>
      <translation>为 '{param}' 提供的 '{value}' 无法作为栅格打开。请提供栅格图层或 GDAL 可读取的栅格文件（例如 GeoTIFF）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="273" />
      <source>'{param}' must be between {low:g} and {high:g}; got {value:g}.</source>
      <translation>'{param}' 必须介于 {low:g} 与 {high:g} 之间；当前为 {value:g}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="301" />
      <source>{name} must be band numbers separated by commas, e.g. 3,2,1,4; got '{value}'.</source>
      <translation>{name} 必须是以逗号分隔的波段编号，例如 3,2,1,4；当前为 '{value}'。</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="317" />
      <source>Cancelled by the user; no output was written.</source>
      <translation>已被用户取消；未写入任何输出。</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="321" />
      <source>Reading an input failed ({error}): the file is damaged or cut short (e.g. an interrupted copy or download). Copy or export it again, then run again. Inputs: {inputs}.</source>
      <translation>读取输入失败（{error}）：文件已损坏或不完整（例如复制或下载中断）。请重新复制或导出该文件后再运行。输入：{inputs}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/base.py" line="328" />
      <source>Writing the outputs failed ({error}): the disk is probably full (free now: {free}). Free space where the outputs go, or choose outputs on another disk, and run again; what this run had written was removed.</source>
      <translation>写入输出失败（{error}）：磁盘可能已满（当前剩余：{free}）。请在输出所在位置腾出空间，或将输出改到其他磁盘，然后重新运行；本次运行已写入的内容均已删除。</translation>
    </message>
    <message>
      <location filename="../processing_provider/destinations.py" line="160" />
      <source>{name} (input of the model)</source>
      <translation>{name}（模型的输入）</translation>
    </message>
    <message>
      <location filename="../processing_provider/destinations.py" line="201" />
      <source>The output '{output}' ({path}) is the input '{input}': writing it would destroy your data. Choose another file name for '{output}'.</source>
      <translation>输出“{output}”（{path}）就是输入“{input}”：写出会破坏您的数据。请为“{output}”另选文件名。</translation>
    </message>
    <message>
      <location filename="../processing_provider/destinations.py" line="207" />
      <source>The output '{output}' ({path}) lies inside the input folder '{input}', whose files belong to it. Choose a file outside that folder.</source>
      <translation>输出“{output}”（{path}）位于输入文件夹“{input}”之内，该文件夹中的文件属于该输入。请选择该文件夹之外的文件。</translation>
    </message>
    <message>
      <location filename="../processing_provider/destinations.py" line="215" />
      <source>The output '{output}' ({path}) shares its name with the input '{input}': its style, report or metadata files (.qml, .json, .aux.xml) would overwrite the input's. Choose another file name for '{output}'.</source>
      <translation>输出“{output}”（{path}）与输入“{input}”同名：其样式、报告或元数据文件（.qml、.json、.aux.xml）会覆盖输入的同名文件。请为“{output}”另选文件名。</translation>
    </message>
    <message>
      <location filename="../processing_provider/destinations.py" line="228" />
      <source>The outputs '{first}' and '{second}' are the same file ({path}): one would overwrite the other. Give each output its own file.</source>
      <translation>输出“{first}”和“{second}”是同一个文件（{path}）：其中一个会覆盖另一个。请为每个输出指定各自的文件。</translation>
    </message>
    <message>
      <location filename="../processing_provider/destinations.py" line="258" />
      <source>The output '{output}' ({path}) is an existing folder. Give a file name.</source>
      <translation>输出“{output}”（{path}）是已存在的文件夹。请指定文件名。</translation>
    </message>
    <message>
      <location filename="../processing_provider/destinations.py" line="272" />
      <source>The output '{output}' cannot be written to {path}: {reason}. Choose a folder you can write to (e.g. in your home or documents folder).</source>
      <translation>无法将输出“{output}”写入 {path}：{reason}。请选择有写入权限的文件夹（例如主目录或文档文件夹中的文件夹）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="30" />
      <source>Annual land-damage monitoring</source>
      <translation>年度土地损毁监测</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="32" />
      <source>Mask clouds, harmonise, classify two years and map new and restored land-damage.</source>
      <translation>掩膜云、辐射归一化、分类两个年份，并制图新增损毁与已复垦土地。</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="34" />
      <source>The yearly land-damage monitoring of a mine-management department in one run: clouds and their shadows are masked in both images, the later image is harmonised to the earlier one, both are classified with the same model, and the two class maps are compared: new damage and restored land per damage type, a change map, change polygons and an HTML report. Open it in the Graphical Modeler to change a step (e.g. the model file or the minimum mapping unit).</source>
      <translation>一次运行完成矿山管理部门的年度土地损毁监测：掩膜两期影像中的云及其阴影，将后期影像辐射归一化到前期影像，用同一模型对两期影像分类，并对比两期分类图：各损毁类型的新增损毁与已复垦土地、变化图、变化多边形和 HTML 报告。可在图形建模器中打开以修改某一步骤（例如模型文件或最小制图单元）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="41" />
      <source>Earlier image (reference year)</source>
      <translation>前期影像（基准年）</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="42" />
      <source>Later image</source>
      <translation>后期影像</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="43" />
      <source>Model file [empty: the shipped model]</source>
      <translation>模型文件 [空：随插件提供的模型]</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="44" />
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="108" />
      <source>Minimum mapping unit, m²</source>
      <translation>最小制图单元，m²</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="45" />
      <source>Land-damage change</source>
      <translation>土地损毁变化</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="46" />
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="125" />
      <source>Change polygons</source>
      <translation>变化图斑</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="47" />
      <location filename="../processing_provider/algorithms/detect_land_damage_change.py" line="128" />
      <source>Change report</source>
      <translation>变化报告</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="51" />
      <source>clouds earlier</source>
      <translation>前期云掩膜</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="52" />
      <source>clouds later</source>
      <translation>后期云掩膜</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="53" />
      <source>harmonise</source>
      <translation>辐射归一化</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="54" />
      <source>classify earlier</source>
      <translation>前期分类</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="55" />
      <source>classify later</source>
      <translation>后期分类</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="56" />
      <source>change</source>
      <translation>变化检测</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="59" />
      <source>Suspect unlicensed mining</source>
      <translation>疑似无证开采排查</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="61" />
      <source>Buildings from an optical image, PS settlement on them, suspected mining sites outside the licensed areas.</source>
      <translation>从光学影像提取建筑物，分析其上 PS 点的沉降，找出采矿权范围外的疑似开采点。</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="63" />
      <source>The patent's workflow in one run: buildings are extracted from a high-resolution optical image (Extract Buildings), the PS-InSAR points on them are judged for the settlement of underground mining (Detect Subsidence Anomalies, subsidence bowls), and the suspected mining sites are told apart by the licensed mining areas: sites outside every licensed area are the ones to inspect first. Outputs: the suspected sites (labelled with their site number), their PS, the buildings with anomalous PS and the inspector's report. The PS and the image must overlap; the PS can be in any CRS (they are reprojected to the image's, which must be projected). Open it in the Graphical Modeler to change a step (e.g. the method or the minimum site score).</source>
      <translation>一次运行完成专利中的流程：从高分辨率光学影像中提取建筑物（建筑物提取），判别建筑物上的 PS-InSAR 点是否呈现地下开采引起的沉降（沉降异常检测，沉降漏斗法），并按采矿权范围区分疑似开采点：位于所有采矿权范围之外的开采点应优先巡查。输出：疑似开采点（标注开采点编号）、其 PS 点、含异常 PS 的建筑物以及核查报告。PS 点与影像须相互重叠；PS 可为任意坐标系（会重投影到影像的坐标系，该坐标系须为投影坐标系）。可在图形建模器中打开以修改某一步骤（例如方法或最低评分）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="73" />
      <source>Optical image (buildings visible, about 0.3–1 m)</source>
      <translation>光学影像（可见建筑物，约 0.3–1 m）</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="74" />
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="199" />
      <source>PS points (one field per date)</source>
      <translation>PS 点（每个日期一个字段）</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="75" />
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="216" />
      <source>Licensed mining areas (polygons)</source>
      <translation>采矿权范围（多边形）</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="76" />
      <location filename="../processing_provider/algorithms/extract_buildings.py" line="133" />
      <source>Building model file [empty: the shipped building model]</source>
      <translation>建筑物模型文件 [留空：插件自带建筑物模型]</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="78" />
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="268" />
      <source>Suspected mining sites</source>
      <translation>疑似开采点</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="79" />
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="263" />
      <source>Anomalous building PS</source>
      <translation>建筑物上的异常 PS 点</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="80" />
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="265" />
      <source>Buildings with anomalous PS</source>
      <translation>含异常 PS 点的建筑物</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="81" />
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="270" />
      <source>Inspector's report</source>
      <translation>核查报告</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="83" />
      <source>subsidence</source>
      <translation>沉降检测</translation>
    </message>
    <message>
      <location filename="../processing_provider/graphical_models.py" line="169" />
      <source>&lt;b&gt;Its file&lt;/b&gt;: {path}. To change it, open that file in the Graphical Modeler (Processing ▸ Graphical Modeler ▸ Open Model…) and save it under your own models; the toolbox then lists your copy under Models.</source>
      <translation>&lt;b&gt;模型文件&lt;/b&gt;：{path}。如需修改，请在图形建模器中打开该文件（处理 ▸ 图形建模器 ▸ 打开模型…），并另存到您自己的模型中；工具箱随后会在“模型”下列出您的副本。</translation>
    </message>
    <message>
      <location filename="../processing_provider/help_pages.py" line="58" />
      <source>&lt;b&gt;Inputs&lt;/b&gt;: {names}.</source>
      <translation>&lt;b&gt;输入&lt;/b&gt;：{names}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/help_pages.py" line="60" />
      <source>&lt;b&gt;Outputs&lt;/b&gt;: {names}.</source>
      <translation>&lt;b&gt;输出&lt;/b&gt;：{names}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/help_pages.py" line="62" />
      <source>The Help button opens this algorithm's page of the manual: every input with its units and default, and how the method works.</source>
      <translation>“帮助”按钮打开本算法在使用手册中的页面：每个输入的单位和默认值，以及方法的工作原理。</translation>
    </message>
    <message>
      <location filename="../processing_provider/help_pages.py" line="92" />
      <source>optional</source>
      <translation>可选</translation>
    </message>
    <message>
      <location filename="../processing_provider/help_pages.py" line="94" />
      <source>advanced</source>
      <translation>高级</translation>
    </message>
    <message>
      <location filename="../processing_provider/help_pages.py" line="96" />
      <source>output</source>
      <translation>输出</translation>
    </message>
    <message>
      <location filename="../processing_provider/help_pages.py" line="107" />
      <source>Parameters</source>
      <translation>参数</translation>
    </message>
    <message>
      <location filename="../processing_provider/help_pages.py" line="109" />
      <source>Label</source>
      <translation>标签</translation>
    </message>
    <message>
      <location filename="../processing_provider/help_pages.py" line="109" />
      <source>Kind</source>
      <translation>类别</translation>
    </message>
    <message>
      <location filename="../processing_provider/help_pages.py" line="109" />
      <source>Default</source>
      <translation>默认值</translation>
    </message>
    <message>
      <location filename="../processing_provider/help_pages.py" line="125" />
      <location filename="../processing_provider/help_pages.py" line="104" />
      <source>MineWatch manual</source>
      <translation>MineWatch 使用手册</translation>
    </message>
    <message>
      <location filename="../processing_provider/help_pages.py" line="129" />
      <source>One page per algorithm of the MineWatch Processing provider: what it does, its inputs and outputs, units and conventions, an example for qgis_process, and a table of every parameter.</source>
      <translation>MineWatch 处理工具中每个算法一页：功能、输入与输出、单位与约定、qgis_process 示例，以及全部参数表。</translation>
    </message>
    <message>
      <location filename="../processing_provider/label_layers.py" line="28" />
      <source>The label layer given for '{param}' cannot be opened as a vector layer. Give a polygon layer (e.g. a GeoPackage or Shapefile).</source>
      <translation>为“{param}”指定的标注图层无法作为矢量图层打开。请提供面图层（如 GeoPackage 或 Shapefile）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/label_layers.py" line="40" />
      <source>Give the field that holds each polygon's class (index or name) in 'Class field'.</source>
      <translation>请在“类别字段”中指定存放各多边形类别（索引或名称）的字段。</translation>
    </message>
    <message>
      <location filename="../processing_provider/label_layers.py" line="45" />
      <source>The label layer has no field '{field}'. Its fields are: {fields}. Choose the field that holds each polygon's class (index or name).</source>
      <translation>标注图层中没有字段“{field}”。其字段为：{fields}。请选择存放各多边形类别（索引或名称）的字段。</translation>
    </message>
    <message>
      <location filename="../processing_provider/label_layers.py" line="48" />
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <location filename="../processing_provider/label_layers.py" line="64" />
      <source>The label layer must be a polygon layer (it holds {kind} geometries). Give polygons with a class field, or a class raster.</source>
      <translation>标注图层必须是面图层（当前包含的是 {kind} 几何）。请提供带类别字段的多边形，或类别栅格。</translation>
    </message>
    <message>
      <location filename="../processing_provider/label_layers.py" line="98" />
      <source>{n} label polygons have no class in '{field}' and were skipped.</source>
      <translation>{n} 个标注多边形在“{field}”中没有类别，已跳过。</translation>
    </message>
    <message>
      <location filename="../processing_provider/label_layers.py" line="101" />
      <source>{n} label polygons hold the unlabelled value {value} and label nothing.</source>
      <translation>{n} 个标注多边形取未标注值 {value}，不作为标注。</translation>
    </message>
    <message>
      <location filename="../processing_provider/label_layers.py" line="104" />
      <source>{n} label features without geometry were skipped.</source>
      <translation>已跳过 {n} 个无几何的标注要素。</translation>
    </message>
    <message>
      <location filename="../processing_provider/label_layers.py" line="107" />
      <source>The label layer has no polygons with a class. Draw or load class polygons and fill the field '{field}' with a class index or name.</source>
      <translation>标注图层中没有带类别的多边形。请绘制或加载类别多边形，并在字段“{field}”中填写类别索引或名称。</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="82" />
      <location filename="../processing_provider/algorithms/train_segmentation_model.py" line="133" />
      <source>MineWatch model (*.safetensors);;All files (*.*)</source>
      <translation>MineWatch 模型 (*.safetensors);;所有文件 (*.*)</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="84" />
      <source>Image bands in the model's order [empty: all]</source>
      <translation>按模型顺序排列的影像波段 [留空：全部]</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="88" />
      <source>Run at the model's pixel size when the image's differs by 1.5× or more (outputs on the image's grid)</source>
      <translation>影像像元大小与模型相差 1.5 倍及以上时，按模型的像元大小运行（输出仍在影像的格网上）</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="92" />
      <source>Tile size, px [0: the model's]</source>
      <translation>分块大小（像素）[0：采用模型的设置]</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="99" />
      <source>Tiles per batch</source>
      <translation>每批次分块数</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="104" />
      <location filename="../processing_provider/algorithms/detect_subsidence_anomalies.py" line="254" />
      <location filename="../processing_provider/algorithms/select_ps_candidates.py" line="91" />
      <source>Dask scheduler [empty: this process; 'local'; tcp://host:8786]</source>
      <translation>Dask 调度器 [留空：本进程；“local”；tcp://host:8786]</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="107" />
      <source>Largest image to run without asking, megapixels [0: no limit]</source>
      <translation>无需确认即可运行的最大影像，百万像素 [0：不限制]</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="112" />
      <location filename="../processing_provider/training_params.py" line="113" />
      <source>Device</source>
      <translation>计算设备</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="112" />
      <location filename="../processing_provider/training_params.py" line="113" />
      <source>auto (GPU if available)</source>
      <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="113" />
      <location filename="../processing_provider/training_params.py" line="113" />
      <source>cpu</source>
      <translation>cpu</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="113" />
      <location filename="../processing_provider/training_params.py" line="113" />
      <source>cuda</source>
      <translation>cuda</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="115" />
      <source>Device used</source>
      <translation>所用计算设备</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="136" />
      <source>No model file was given and the default {kind} model is missing from the plugin folder ({path}). Reinstall MineWatch, or give a MineWatch model file (.safetensors) in '{param}'.</source>
      <translation>未指定模型文件，且插件文件夹中缺少默认的{kind}模型（{path}）。请重新安装 MineWatch，或在“{param}”中指定 MineWatch 模型文件（.safetensors）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="163" />
      <source>A tile of {tile} px is too small for a segmentation network: it needs the context of several of its strides, and the map would turn to noise. Give 0 (the model's tile) or at least {least} px.</source>
      <translation>{tile} 像素的分块对分割网络来说太小：网络需要若干个步幅的上下文，否则分类图会变成噪声。请填 0（使用模型的分块大小）或至少 {least} 像素。</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="182" />
      <source>The image is {width} × {height} px ({mp:,.0f} megapixels): on a CPU that takes roughly {hours:,.1f} hours. Clip it to the area you need (Raster &gt; Extraction &gt; Clip Raster by Extent), or raise 'Largest image to run without asking' (advanced; 0 = no limit) to run it anyway.</source>
      <translation>影像为 {width} × {height} 像素（{mp:,.0f} 百万像素）：在 CPU 上约需 {hours:,.1f} 小时。请将其裁剪到所需范围（栅格 &gt; 提取 &gt; 按范围裁剪栅格），或调高“无需确认即可运行的最大影像”（高级参数；0 = 不限制）后继续运行。</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="213" />
      <source>{tiles} tiles of {tile} px (overlap {overlap} px) in {batches} batches of up to {batch}; input scaling: {scaling}; {nodata} nodata pixels.</source>
      <translation>共 {tiles} 个 {tile} 像素的分块（重叠 {overlap} 像素），分为 {batches} 个批次，每批最多 {batch} 个；输入缩放：{scaling}；无数据（NoData）像元 {nodata} 个。</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="224" />
      <source>each scene's own band statistics</source>
      <translation>各景影像自身的波段统计量</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="225" />
      <source>the band statistics stored in the model</source>
      <translation>模型中保存的波段统计量</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="235" />
      <source>Device used: {device}.</source>
      <translation>所用计算设备：{device}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="255" />
      <source>The model {file} was saved before its training ended (epoch {best} of {epochs} run, {planned} planned): the run was stopped or killed. It may be weaker than a finished one.</source>
      <translation>模型 {file} 是在训练结束之前保存的（已运行 {epochs} 轮中的第 {best} 轮，计划 {planned} 轮）：训练被停止或被终止。它可能不如完整训练的模型。</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="261" />
      <source>Model {file}: {arch}, {k} classes, {b} input bands ({names}), trained on {patch} px patches at {gsd} m; it runs in tiles of {tile} px unless TILE_SIZE is set.</source>
      <translation>模型 {file}：{arch}，{k} 个类别，{b} 个输入波段（{names}），在 {gsd} m 分辨率的 {patch} 像素样本块上训练；未设置 TILE_SIZE 时以 {tile} 像素的分块运行。</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="271" />
      <source>Image band → model input: {pairs}.</source>
      <translation>影像波段 → 模型输入：{pairs}。</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="277" />
      <source>The image's pixel size ({pixel:.2f} m) is {factor:.3g} times the model's ({gsd} m): the model reads the image resampled to {gsd} m, and the outputs are put back on the image's grid.</source>
      <translation>影像的像元大小（{pixel:.2f} m）是模型的（{gsd} m）{factor:.3g} 倍：模型读取重采样到 {gsd} m 的影像，输出结果再放回影像的格网上。</translation>
    </message>
    <message>
      <location filename="../processing_provider/network_algorithm.py" line="283" />
      <source>The image's pixel size ({pixel:.2f} m) is {factor:.3g} times the model's training resolution ({gsd} m); results may be poor. Resample the image to about {gsd} m, or use a model trained at this resolution.</source>
      <translation>影像的像元大小（{pixel:.2f} m）是模型训练分辨率（{gsd} m）的 {factor:.3g} 倍，结果可能较差。请将影像重采样到约 {gsd} m，或使用在该分辨率下训练的模型。</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="36" />
      <source>MineWatch – mine monitoring by remote sensing</source>
      <translation>MineWatch – 矿山遥感监测</translation>
    </message>
    <message>
      <location filename="../processing_provider/ps_layer_io.py" line="57" />
      <source>The layer '{name}' has no features.</source>
      <translation>图层“{name}”中没有要素。</translation>
    </message>
    <message>
      <location filename="../processing_provider/ps_layer_io.py" line="63" />
      <source>'{name}' has no point geometry. Give a point layer of PS, or a CSV with coordinate columns (easting/northing, x/y or lon/lat).</source>
      <translation>“{name}”不含点几何。请提供 PS 点图层，或包含坐标列（easting/northing、x/y 或 lon/lat）的 CSV。</translation>
    </message>
    <message>
      <location filename="../processing_provider/ps_layer_io.py" line="66" />
      <source>'{name}' must be a point layer of PS (one point per scatterer), but it holds {kind}s. Did you swap the PS and buildings layers?</source>
      <translation>“{name}”必须是 PS 点图层（每个散射体一个点），但其包含的是 {kind} 几何。是否将 PS 图层与建筑物图层弄反了？</translation>
    </message>
    <message>
      <location filename="../processing_provider/ps_layer_io.py" line="117" />
      <source>A feature of the PS layer is a MultiPoint of {count} points; a PS is one point. Split the layer into single points first (Vector &gt; Geometry Tools &gt; Multipart to Singleparts).</source>
      <translation>PS 图层中有一个要素是包含 {count} 个点的 MultiPoint；一个 PS 只是一个点。请先将图层拆分为单点（矢量 &gt; 几何工具 &gt; 多部件转单部件）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/qgis_io.py" line="22" />
      <source>The input '{name}' is not a valid raster layer. Give a raster file such as a GeoTIFF.</source>
      <translation>输入“{name}”不是有效的栅格图层。请提供栅格文件，如 GeoTIFF。</translation>
    </message>
    <message>
      <location filename="../processing_provider/qgis_io.py" line="26" />
      <source>The input '{name}' comes from the '{provider}' data provider; MineWatch reads rasters from files. Save it as a GeoTIFF first (right-click &gt; Export &gt; Save As…).</source>
      <translation>输入“{name}”来自“{provider}”数据提供者；MineWatch 从文件读取栅格。请先将其另存为 GeoTIFF（右键 &gt; 导出 &gt; 另存为…）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/qgis_io.py" line="65" />
      <source>Could not write the points: {error}</source>
      <translation>无法写入点：{error}</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="39" />
      <source>Weighted cross-entropy</source>
      <translation>加权交叉熵</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="39" />
      <source>Focal loss (weighted, γ = 2)</source>
      <translation>Focal 损失（加权，γ = 2）</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="40" />
      <source>Weighted cross-entropy + Dice</source>
      <translation>加权交叉熵 + Dice</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="45" />
      <source>&lt;b&gt;Training sample folder&lt;/b&gt;: the output folder of 'Create Training Samples' (manifest.json and patch files). The model learns from its train patches; after each epoch it is scored (MIoU) on the val patches and the best epoch's model is kept (with no val patches the train patches are used, with a warning). A validation split under 500 000 labelled pixels or in a single spatial block is too small to choose an epoch on: the model of the schedule's end is kept instead, with a warning. Early stopping: after 10 epochs (or a quarter of the planned epochs, when more) without a validation gain the learning rate is brought down to 0 over the next few epochs and the run ends, so a generous budget on a small sample set is not spent on overfitting; the log says when. Images are normalised with the band statistics of the folder, which are stored with the model. Label 255 is ignored.

&lt;b&gt;Rare classes&lt;/b&gt; (e.g. tailings ponds) are kept from vanishing twice: the loss weights each class by median-frequency balancing of the train pixels (clipped to 0.1–10; a class without train pixels gets 0), and patches containing rare classes are drawn more often (repeat-factor sampling). Each patch is turned and flipped at random.

&lt;b&gt;Vary each patch's look&lt;/b&gt; (advanced, default on): each train patch is also seen as another sensor, season or haze would show it: random contrast and brightness, band balance, sometimes a slight blur or noise. The labels do not move. It makes a model trained on one image hold on images of another look.

&lt;b&gt;Train at several scales&lt;/b&gt; (advanced, default off): each train batch is resized by a random factor from 0.5 to 2 (image bilinear, labels nearest), so the model also learns objects at other apparent sizes, for imagery of other pixel sizes than the samples'. Classify and Extract Buildings already run an image at the model's pixel size (RESAMPLE); use this where pixel sizes vary within the imagery (its gain is not measured on every kind of data).

&lt;b&gt;Training settings&lt;/b&gt;: Epochs (one epoch draws as many patches as there are train patches), Batch size (patches per step, at least 2), Learning rate (AdamW with a poly schedule), Loss (weighted cross-entropy, focal, or cross-entropy + Dice), Device (auto uses a CUDA GPU when torch sees one), Arithmetic (advanced; auto runs the forward and backward passes in bfloat16 on a CPU with bf16 units, AVX512-BF16 or AMX, and in float32 elsewhere; the weights stay float32), time budget (minutes, 0 = none: after the first batches the learning-rate schedule is laid over the batches that fit in the budget, validation included, so the rate has decayed when the time is spent and the run ends on a complete schedule; Epochs is then an upper limit) and Random seed (the same seed gives the same model on the CPU). The log shows the cost of a batch, an epoch and the whole run after the first batches, then the train loss, the validation MIoU and the time of each epoch; cancelling keeps the best model saved so far. As a guide, with the default architecture an epoch of 1 000 train patches of 256 px takes about 2.5 minutes on 2 CPU cores in float32 and about 1.5 minutes in bfloat16.</source>
      <translation>&lt;b&gt;训练样本文件夹&lt;/b&gt;：“制作训练样本”的输出文件夹（包含 manifest.json 和切片文件）。模型在训练集切片上学习；每轮（epoch）结束后在验证集切片上评分（MIoU），并保留最佳轮次的模型（若无验证集切片，则改用训练集切片并给出警告）。验证集标注像元少于 500 000 个或只位于一个空间块中时，不足以据此选择轮次：改为保留学习率调度结束时的模型，并给出警告。提前停止：连续 10 轮（或计划轮数的四分之一，取较大者）验证集没有提升时，学习率在随后几轮内降至 0 并结束训练，以免在小样本集上把充裕的时间预算花在过拟合上；日志会说明何时提前停止。影像按该文件夹的波段统计值进行归一化，这些统计值随模型一并保存。标签值 255 将被忽略。

&lt;b&gt;稀有类别&lt;/b&gt;（如尾矿库）通过两种方式避免被忽略：损失函数按训练像元的中值频率平衡为各类别赋权（限定在 0.1–10 之间；无训练像元的类别权重为 0），同时含稀有类别的切片会被更频繁地抽取（重复因子采样）。每个切片都会随机旋转和翻转。

&lt;b&gt;变换每个切片的外观&lt;/b&gt;（高级，默认开启）：每个训练切片还会以另一传感器、另一季节或有雾霾时可能呈现的样子参与训练：随机的对比度和亮度、波段间平衡，有时加入轻微模糊或噪声。标签不随之移动。这使在一幅影像上训练的模型在外观不同的影像上同样可靠。

&lt;b&gt;多尺度训练&lt;/b&gt;（高级，默认关闭）：每个训练批次按 0.5 到 2 之间的随机倍数缩放（影像双线性、标注最邻近），使模型也学会其他表观尺寸的地物，适用于像元大小与样本不同的影像。“土地损毁分类”和“提取建筑物”已会按模型的像元大小运行影像（RESAMPLE）；当影像内部像元大小不一时可使用此项（其效果并未在所有类型的数据上测量）。

&lt;b&gt;训练设置&lt;/b&gt;：轮次（每轮抽取的切片数与训练集切片数相同）、批次大小（每步的切片数，至少为 2）、学习率（AdamW 优化器，poly 学习率调度）、损失函数（加权交叉熵、Focal 损失或交叉熵 + Dice）、计算设备（auto 表示 torch 检测到 CUDA GPU 时使用 GPU）、运算精度（高级；auto 在具备 bf16 运算单元（AVX512-BF16 或 AMX）的 CPU 上以 bfloat16 进行前向和反向计算，其他情况下使用 float32；权重始终保存为 float32）、时间预算（分钟，0 = 不限：在最初几个批次之后，学习率调度将分布到预算时间内可完成的批次上（含验证），使时间用尽时学习率已衰减完毕，训练在完整的调度上结束；此时轮次仅作为上限）以及随机种子（在 CPU 上，相同的种子得到相同的模型）。日志在最初几个批次后显示单个批次、单轮及整个训练的耗时，随后显示每轮的训练损失、验证集 MIoU 和耗时；取消训练时将保留迄今为止保存的最佳模型。作为参考：使用默认网络结构时，在 2 核 CPU 上训练一轮 1 000 个 256 像素的训练样本块，float32 约需 2.5 分钟，bfloat16 约需 1.5 分钟。</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="85" />
      <source>&lt;b&gt;Default width&lt;/b&gt;: without architecture options the DeepLabV3+ family is built with its ASPP and decoder 128 channels wide instead of the paper's 256: at equal minutes on 2 CPU cores it scored as well and ran about 1.5 times as many epochs. An option you give replaces only the default of that option; {"aspp_channels": 256, "decoder_channels": 256} gives the paper's width.</source>
      <translation>&lt;b&gt;默认宽度&lt;/b&gt;：未设置网络结构选项时，DeepLabV3+ 系列的 ASPP 和解码器宽度为 128 个通道，而不是论文中的 256：在 2 个 CPU 核心上用相同的分钟数训练时，其得分相当（在随机种子间的波动范围内），且可完成约 1.5 倍的轮次。您给出的选项只替换该选项的默认值；{"aspp_channels": 256, "decoder_channels": 256} 即为论文的宽度。</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="96" />
      <source>Training sample folder</source>
      <translation>训练样本文件夹</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="102" />
      <source>Epochs</source>
      <translation>轮次（epoch）</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="105" />
      <source>Batch size (patches per step)</source>
      <translation>批次大小（每步切片数）</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="108" />
      <source>Learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="110" />
      <source>Loss</source>
      <translation>损失函数</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="118" />
      <source>Vary each patch's look (contrast, band balance, blur, noise)</source>
      <translation>变换每个切片的外观（对比度、波段平衡、模糊、噪声）</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="121" />
      <source>Train at several scales (each batch resized 0.5–2×)</source>
      <translation>多尺度训练（每个批次缩放 0.5–2 倍）</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="124" />
      <location filename="../processing_provider/algorithms/create_training_samples.py" line="172" />
      <source>Random seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="141" />
      <source>Architecture options must be a JSON object such as {example}; '{text}' is not valid JSON ({error}).</source>
      <translation>网络结构选项必须是 JSON 对象，例如 {example}；“{text}”不是有效的 JSON（{error}）。</translation>
    </message>
    <message>
      <location filename="../processing_provider/training_params.py" line="145" />
      <source>Architecture options must be a JSON object such as {example}, not '{text}'.</source>
      <translation>网络结构选项必须是 JSON 对象，例如 {example}，而不是“{text}”。</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="54" />
      <source>older than MineWatch needs</source>
      <translation>版本低于 MineWatch 的要求</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="58" />
      <source>newer than the versions MineWatch is tested with</source>
      <translation>版本高于 MineWatch 已测试的版本</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="64" />
      <source>missing</source>
      <translation>缺失</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="69" />
      <source>MineWatch dependencies</source>
      <translation>MineWatch 依赖包</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="70" />
      <source>Python used by QGIS</source>
      <translation>QGIS 使用的 Python</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="72" />
      <source>Package</source>
      <translation>包</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="73" />
      <source>Found</source>
      <translation>已找到</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="73" />
      <source>Versions MineWatch works with</source>
      <translation>MineWatch 支持的版本</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="75" />
      <source>Compute devices</source>
      <translation>计算设备</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="83" />
      <source>Missing packages. Press 'Install missing packages' below, or run this command; then restart QGIS:</source>
      <translation>缺少依赖包。请点击下方的“安装缺失的依赖包”，或运行以下命令，然后重启 QGIS：</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="89" />
      <source>Everything MineWatch needs is installed.</source>
      <translation>MineWatch 所需的依赖包均已安装。</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="95" />
      <source>QGIS's own {name} {version} is older than MineWatch needs ({minimum} or newer). MineWatch never replaces a package of QGIS's own, because QGIS's other packages are built against it: install a newer QGIS (3.28 LTR or later), or upgrade {name} in QGIS's Python yourself.</source>
      <translation>QGIS 自带的 {name} {version} 版本低于 MineWatch 的要求（需 {minimum} 或更高）。MineWatch 从不替换 QGIS 自带的软件包，因为 QGIS 的其他软件包依赖于它：请安装更新的 QGIS（3.28 LTR 或更高版本），或自行在 QGIS 的 Python 中升级 {name}。</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="115" />
      <source>MineWatch – Check dependencies</source>
      <translation>MineWatch – 检查依赖</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="124" />
      <source>Install from</source>
      <translation>安装来源</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="126" />
      <source>PyPI (internet)</source>
      <translation>PyPI（互联网）</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="127" />
      <source>A folder of wheels (make wheelhouse)</source>
      <translation>wheel 文件夹（make wheelhouse 生成）</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="128" />
      <source>A package index of your department (URL)</source>
      <translation>本单位的软件包索引（URL）</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="132" />
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="151" />
      <source>Install the CUDA build of torch (an NVIDIA GPU was found)</source>
      <translation>安装 CUDA 版 torch（检测到 NVIDIA GPU）</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="157" />
      <source>Install missing packages</source>
      <translation>安装缺失的依赖包</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="173" />
      <source>folder holding the .whl files</source>
      <translation>存放 .whl 文件的文件夹</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="174" />
      <source>e.g. https://pypi.example.gov.cn/simple</source>
      <translation>例如 https://pypi.example.gov.cn/simple</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="177" />
      <source>Folder of wheels</source>
      <translation>wheel 文件夹</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="206" />
      <source>Kept as QGIS has them: {packages}</source>
      <translation>保留 QGIS 自带的版本：{packages}</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="234" />
      <source>pip failed (exit code {code}); the log above says why. Nothing was changed. You can also run the command shown in the report yourself.</source>
      <translation>pip 运行失败（退出码 {code}），原因见上方日志。未做任何更改。您也可以自行运行报告中显示的命令。</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="245" />
      <source>Nothing to install: QGIS's Python has everything.</source>
      <translation>无需安装：QGIS 的 Python 已具备所需的全部软件包。</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="248" />
      <source>Chosen for Python {version}: {packages}</source>
      <translation>为 Python {version} 选定：{packages}</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="260" />
      <source>Left out, QGIS has them already: {names}</source>
      <translation>已略过（QGIS 已自带）：{names}</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="273" />
      <source>The packages were not installed: with them, QGIS's Python could not import {reason}. Nothing was changed.</source>
      <translation>未安装这些软件包：装上后 QGIS 的 Python 无法导入 {reason}。未做任何更改。</translation>
    </message>
    <message>
      <location filename="../ui/dependency_dialog.py" line="281" />
      <source>Installed: {chosen}. Restart QGIS so that every MineWatch algorithm uses the new packages.</source>
      <translation>已安装：{chosen}。请重启 QGIS，使所有 MineWatch 算法使用新安装的软件包。</translation>
    </message>
  </context>
</TS>
