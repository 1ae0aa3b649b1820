import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the trend charts draw: lines on a grid with a tooltip and a legend, on canvas.
use([CanvasRenderer, LineChart, GridComponent, TooltipComponent, LegendComponent]);
